"""Vietnamese banks as redaction cues: names, short codes, NAPAS BINs, account lengths.

Names and codes are written folded (lower case, no diacritics) because cue matching runs on
folded text. ``codes`` are short names that are also HOSE/HNX/UPCOM tickers or ordinary
words (VCB, ACB, MB, Cake): they are weak cues, since in a trading app "VCB 1000" is usually
a stock. ``lengths`` are the digit counts an account of that bank is known to have;
``lengths_known`` is False where we are not sure (then a typical 9-16 range is used, see
docs/redaction.md). Nice-number ("số đẹp") accounts break these rules; an explicit account
word (STK, tài khoản) before the number does not need them.
"""

from __future__ import annotations

from dataclasses import dataclass

TYPICAL = frozenset(range(9, 17))


@dataclass(frozen=True, slots=True)
class Bank:
    key: str
    names: tuple[str, ...]
    codes: tuple[str, ...]
    bins: tuple[str, ...]
    lengths: frozenset[int] = TYPICAL
    lengths_known: bool = False


def _b(key: str, names: str, codes: str, bins: str, lengths: range | tuple[int, ...] | None
       = None) -> Bank:
    known = lengths is not None
    return Bank(key, tuple(n for n in names.split("|") if n), tuple(c for c in codes.split("|")
                if c), tuple(b for b in bins.split("|") if b),
                frozenset(lengths) if lengths is not None else TYPICAL, known)


BANKS: tuple[Bank, ...] = (
    # lengths we are fairly sure of
    _b("VCB", "vietcombank|vietcom bank|vietcom|ngan hang ngoai thuong", "vcb", "970436",
       (10, 13)),  # 13 today, 10 on older accounts
    _b("TCB", "techcombank|ngan hang ky thuong", "tcb", "970407", (12, 14)),
    _b("BIDV", "bidv|ngan hang dau tu va phat trien", "bid", "970418", (14,)),
    _b("CTG", "vietinbank|viettinbank|vietin bank|ngan hang cong thuong", "ctg", "970415",
       (12,)),
    _b("AGRIBANK", "agribank|ngan hang nong nghiep", "", "970405|970499", (13,)),
    _b("STB", "sacombank|ngan hang sai gon thuong tin", "stb", "970403", (12,)),
    # lengths we are less sure of (documented as such)
    _b("MB", "mbbank|mb bank|ngan hang quan doi", "mb|mbb", "970422", range(9, 14)),
    _b("ACB", "ngan hang a chau", "acb", "970416", (8, 9)),  # 6-7 digits not taken: 7-char
    _b("VPB", "vpbank|ngan hang viet nam thinh vuong", "vpb", "970432", range(8, 11)),
    _b("TPB", "tpbank|ngan hang tien phong", "tpb", "970423", (10, 11)),
    _b("HDB", "hdbank|ngan hang phat trien tp hcm", "hdb", "970437"),
    _b("VIB", "ngan hang quoc te", "vib", "970441"),
    _b("SHB", "ngan hang sai gon ha noi", "shb", "970443"),
    _b("OCB", "ngan hang phuong dong", "ocb", "970448"),
    _b("MSB", "maritime bank|maritimebank|ngan hang hang hai", "msb", "970426"),
    _b("SSB", "seabank|ngan hang dong nam a", "ssb", "970440"),
    _b("EIB", "eximbank|ngan hang xuat nhap khau", "eib", "970431"),
    _b("LPB", "lpbank|lienvietpostbank|lienviet", "lpb", "970449"),
    _b("NAB", "nam a bank|namabank|ngan hang nam a", "nab", "970428"),
    _b("BAB", "bac a bank|bacabank|ngan hang bac a", "bab", "970409"),
    _b("ABB", "abbank|ngan hang an binh", "abb", "970425"),
    _b("PVCOMBANK", "pvcombank|pvcom bank", "", "970412"),
    _b("KLB", "kienlongbank|kien long bank|kienlong", "klb", "970452"),
    _b("BAOVIETBANK", "baovietbank|baoviet bank|bao viet bank", "", "970438"),
    _b("VAB", "vietabank|viet a bank", "vab", "970427"),
    _b("NCB", "ngan hang quoc dan", "ncb|nvb", "970419"),
    _b("SCB", "ngan hang sai gon", "scb", "970429"),
    _b("BVB", "bvbank|vietcapital bank|viet capital bank|ngan hang ban viet", "bvb", "970454"),
    _b("SGB", "saigonbank", "sgb", "970400"),
    _b("PGB", "pgbank", "pgb", "970430"),
    _b("VBB", "vietbank", "vbb", "970433"),
    _b("GPB", "gpbank", "", "970408"),
    _b("DONGA", "dong a bank|dongabank", "", "970406"),
    _b("MBV", "oceanbank|ocean bank", "mbv", "970414"),
    _b("SHINHAN", "shinhan bank|shinhanbank", "", "970424"),
    _b("PUBLICBANK", "public bank", "", "970439"),
    _b("WOORI", "woori bank|wooribank", "", "970457"),
    _b("UOB", "", "uob", "970458"),
    _b("SCVN", "standard chartered", "", "970410"),
    _b("HSBC", "", "hsbc", ""),
    # digital banks on a partner's licence; BINs from the VietQR bank list
    _b("CAKE", "cake by vpbank", "cake", "546034"),
    _b("UBANK", "ubank by vpbank", "ubank", "546035"),
    _b("TIMO", "timo", "", "963388"),
)

BY_NAME: dict[str, Bank] = {n: b for b in BANKS for n in b.names}
BY_CODE: dict[str, Bank] = {c: b for b in BANKS for c in b.codes}
BY_BIN: dict[str, Bank] = {n: b for b in BANKS for n in b.bins}
