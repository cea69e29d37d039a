"""Which stocks a headline is about, and whether it is about the market as a whole.

A headline names a stock by:

- its ticker as an upper-case word ("FPT", "HPG tăng trần"). Tickers that are also common
  words or abbreviations (``BARE_TICKER_DENY``: VND the currency, CEO, HCM in "TP.HCM",
  and syllables like LAO, TAN, HAI when a headline is written in capitals) count only in a
  stock context: "mã VND", "cổ phiếu CEO", "HCM (HOSE)". A headline written in capitals
  links tickers only in a stock context, and those tickers never ("CỔ PHIẾU LAO DỐC" names
  nobody);
- its short name from the listing: the company name without its legal form ("Công ty Cổ
  phần", "Ngân hàng Thương mại Cổ phần", "Tập đoàn", "- CTCP"...) and, when that starts
  with a sector word ("Chứng khoán", "Đầu tư", "Hàng không"...), also without it: "Hòa
  Phát", "Masan", "Vinhomes", "Vietjet", "Thế Giới Di Động". Matched case-sensitively on
  word boundaries. Short names that are common phrases (``NAME_DENY``: "Việt Nam", "Quân
  đội", "Sài Gòn", "Á Châu"...) and short names shared by two companies are not used.

A headline that names no stock but speaks of the market (VN-Index, "thị trường chứng
khoán", "khối ngoại", "thanh khoản"...) is a market headline: the news agent uses it as the
market's mood for every stock.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_LETTERS = "A-Za-zÀ-ỹĐđ0-9"
_TICKER = re.compile(rf"(?<![{_LETTERS}])([A-Z][A-Z0-9]{{2}})(?![{_LETTERS}])")
_CONTEXT_BEFORE = re.compile(r"(?:mã|cổ phiếu|cp|cố phiếu)\s*:?\s*$", re.IGNORECASE)
_CONTEXT_AFTER = re.compile(r"^\s*\((?:HOSE|HSX|HNX|UPCOM|UPCoM)\b")

BARE_TICKER_DENY = frozenset({
    "VND", "USD", "CEO", "HCM", "GDP", "CPI", "FDI", "ETF", "IPO", "ODA", "BOT", "EVN", "NHNN",
    "LAO", "TAN", "HAI", "MAI", "SAO", "VUI", "BAN", "CAN", "TOP", "SEA", "API", "BIG", "ACE",
    "MAS", "APP", "SJC", "UBND",
})
LEGAL_FORMS = (
    "Ngân hàng Thương mại Cổ phần", "Ngân hàng TMCP", "Tổng Công ty Cổ phần", "Tổng Công ty",
    "Công ty Cổ phần", "Công ty cổ phần", "Công ty CP", "CTCP", "Công ty TNHH", "Tập đoàn",
)
SUFFIXES = (" - CTCP", " - Công ty Cổ phần", " - Công ty CP", " – CTCP")
SECTOR_WORDS = (
    "Chứng khoán", "Đầu tư và Kinh doanh nhà", "Đầu tư và Thương mại", "Đầu tư", "Hàng không",
    "Viễn thông", "Bán lẻ Kỹ thuật số", "Thép", "Vận tải và Xếp dỡ", "Phát triển Bất động sản",
    "Đầu tư Địa ốc", "Xây dựng", "Nông nghiệp Quốc tế", "Hàng Tiêu Dùng", "Đường",
    "Vàng bạc Đá quý", "Thủy điện", "Lọc Hóa dầu", "Hóa chất",
)
NAME_DENY = frozenset({
    "Việt Nam", "Quân đội", "Sài Gòn", "Hà Nội", "Á Châu", "An Bình", "Quốc Dân", "Quốc tế",
    "Phương Đông", "Tiên Phong", "Đông Nam Á", "Bản Việt", "Lộc Phát", "Thành Đạt",
    "Công thương", "Ngoại thương", "Cơ điện Lạnh", "Sữa", "Sữa Việt Nam", "Kỹ thương",
    "Hàng Hải", "Thế Giới Số", "Xuất nhập khẩu", "Thành phố Hồ Chí Minh",
    "Phát triển Xây dựng", "Quốc tế Việt Nam", "Dầu Việt Nam", "Khí Việt Nam",
    "Vận tải Dầu khí", "Phát triển Thành Đạt", "Đầu tư Phát triển Xây dựng", "Hải An",
    "Bình Sơn", "Quảng Ngãi", "Phú Nhuận", "Sài Gòn - Hà Nội", "Sài Gòn – Hà Nội",
})
# brand names the listing does not carry (curated; each is what VN news calls the company)
BRANDS: dict[str, str] = {
    "Vietcombank": "VCB", "VietinBank": "CTG", "Vietinbank": "CTG", "BIDV": "BID",
    "Techcombank": "TCB", "MB Bank": "MBB", "MBBank": "MBB", "VPBank": "VPB",
    "Sacombank": "STB", "HDBank": "HDB", "TPBank": "TPB", "LPBank": "LPB", "Eximbank": "EIB",
    "SeABank": "SSB", "OCB": "OCB", "Vinamilk": "VNM", "Sabeco": "SAB", "Petrolimex": "PLX",
    "PV Gas": "GAS", "PV Power": "POW", "PV Drilling": "PVD", "Novaland": "NVL",
    "Bảo Việt": "BVH", "Hòa Phát": "HPG", "Viettel Global": "VGI", "Becamex": "BCM",
    "Vincom Retail": "VRE", "Thế Giới Di Động": "MWG", "Vinhomes": "VHM",
    "Vingroup": "VIC", "Masan": "MSN", "Vietjet": "VJC", "Vietcap": "VCI",
    "VNDirect": "VND", "VNDIRECT": "VND", "Coteccons": "CTD", "Gemadept": "GMD",
}
MARKET_CUES = (
    "VN-Index", "VNIndex", "VN Index", "VN30", "HNX-Index", "UPCoM-Index", "chứng khoán",
    "khối ngoại", "cổ phiếu", "phiên giao dịch", "sàn HOSE", "trái phiếu doanh nghiệp",
)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def short_names(name: str) -> list[str]:
    """The listing name without its legal form, and also without a leading sector word."""
    n = _nfc(name).strip()
    for suffix in SUFFIXES:
        if n.endswith(suffix):
            n = n[: -len(suffix)].strip()
    changed = True
    while changed:
        changed = False
        for form in LEGAL_FORMS:
            if n.startswith(form + " ") or n.startswith(form + " - "):
                n = n[len(form):].lstrip(" -").strip()
                changed = True
    out = [n] if n else []
    for word in SECTOR_WORDS:
        if n.startswith(word + " "):
            rest = n[len(word):].strip()
            if rest:
                out.append(rest)
            break
    return [s for s in out if _usable(s)]


def _usable(name: str) -> bool:
    if name in NAME_DENY or not name[:1].isupper():
        return False
    words = name.split()
    return len(words) >= 2 or (len(name) >= 4 and name[0].isupper())


class Linker:
    """Built once from the listing (symbol -> company name); ``link`` is pure."""

    def __init__(self, listing: Iterable[tuple[str, str | None]]) -> None:
        self.symbols: set[str] = set()
        owners: dict[str, set[str]] = {}
        for symbol, name in listing:
            self.symbols.add(symbol)
            for short in short_names(name or ""):
                owners.setdefault(short, set()).add(symbol)
        for brand, symbol in BRANDS.items():  # a brand outranks a derived name
            if symbol in self.symbols:
                owners[brand] = {symbol}
        # a short name two companies share names neither
        self.names = {n: next(iter(s)) for n, s in owners.items() if len(s) == 1}
        ordered = sorted(self.names, key=len, reverse=True)
        self._name_re = re.compile(
            "|".join(rf"(?<![{_LETTERS}]){re.escape(n)}(?![{_LETTERS}])" for n in ordered)
        ) if ordered else None

    def link(self, text: str) -> list[str]:
        """The listed symbols ``text`` names (sorted)."""
        text = _nfc(text)
        letters = [c for c in text if c.isalpha()]
        shouting = bool(letters) and sum(c.isupper() for c in letters) > 0.6 * len(letters)
        found: set[str] = set()
        for m in _TICKER.finditer(text):
            sym = m.group(1)
            if sym not in self.symbols:
                continue
            context = bool(_CONTEXT_BEFORE.search(text[: m.start()])
                           or _CONTEXT_AFTER.match(text[m.end():]))
            denied = sym in BARE_TICKER_DENY
            if (context and not (shouting and denied)) or (not shouting and not denied):
                found.add(sym)
        if self._name_re is not None and not shouting:
            for m in self._name_re.finditer(text):
                found.add(self.names[m.group(0)])
        return sorted(found)


def is_market_headline(text: str) -> bool:
    """Speaks of the market as a whole (used only when it names no stock)."""
    low = _nfc(text).lower()
    return any(cue.lower() in low for cue in MARKET_CUES)
