"""A screener verdict for a trader: sentences in the user's language built from the
verdict's numbers (never the agents' English notes), and the evidence as a small table.

Prices (``close_vnd``, ``price_vnd``, EMA/SMA levels, ``atr14``, the stop) are shown in
thousands of VND like the chart beside them; money (traded value, risk budget) in VND. The
agents' own notes and the run's metadata go behind the Details expander (screener_tab).
"""

from __future__ import annotations

from html import escape
from typing import Any

from ...i18n import tr
from ..orders.format import money, thousands

AGENT_NAMES = {"technical": "technical", "fundamental": "fundamental", "news": "news",
               "risk": "risk", "llm": "AI"}
# evidence rows worth a trader's eye, per agent: key -> (label, kind)
ROWS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "technical": (("close_vnd", "Last close", "price"), ("ema20", "EMA20", "price"),
                  ("ema50", "EMA50", "price"), ("sma200", "SMA200", "price"),
                  ("rsi14", "RSI 14", "number"), ("macd_hist", "MACD histogram", "number"),
                  ("atr_pct", "ATR (% of price)", "pct"),
                  ("volume_vs_20d", "Volume vs 20-day average", "ratio"),
                  ("avg_traded_value_20d_vnd", "Traded value a day (20 days)", "money")),
    "risk": (("price_vnd", "Price", "price"), ("atr14", "ATR 14", "price"),
             ("stop_distance_vnd", "Stop distance (2 x ATR)", "price"),
             ("annual_volatility", "Volatility a year", "pct"),
             ("max_drawdown_1y", "Drawdown from the 1-year high", "pct"),
             ("risk_budget_vnd", "Risk budget", "money"),
             ("suggested_qty", "Suggested size (shares)", "int")),
}


def stance(score: float | None) -> str:
    if score is None:
        return tr("no view (every agent abstained)")
    if score > 0.15:
        return tr("leans positive")
    if score < -0.15:
        return tr("leans negative")
    return tr("is mixed")


def _cell(kind: str, value: object) -> str:
    if value is None:
        return "—"
    if not isinstance(value, (int, float)):
        return escape(str(value))
    if kind == "price":
        return thousands(round(value))
    if kind == "money":
        return money(round(value))
    if kind == "pct":
        return f"{value:.1%}"
    if kind == "ratio":
        return f"{value:.2f}×"
    if kind == "int":
        return f"{int(value):,}"
    return f"{value:,.2f}"


def sentences(v: dict[str, Any]) -> list[str]:
    """The verdict in a few sentences, numbers from the verdict only."""
    out = [tr("{symbol} {stance}: score {score}, confidence {confidence}.").format(
        symbol=v["symbol"], stance=stance(v["score"]),
        score="—" if v["score"] is None else f"{v['score']:+.2f}",
        confidence=f"{v['confidence']:.0%}")]
    for key, a in v["agents"].items():
        name = tr(AGENT_NAMES.get(key, key))
        if a["abstained"]:
            out.append(tr("The {agent} agent did not judge this stock.").format(agent=name))
        elif key != "risk":
            out.append(tr("The {agent} agent {stance} ({score}, confidence {confidence})."
                          ).format(agent=name, stance=stance(a["score"]),
                                   score=f"{a['score']:+.2f}",
                                   confidence=f"{a['confidence']:.0%}"))
    risk = v["agents"].get("risk")
    if risk and not risk["abstained"]:
        ev = risk["evidence"]
        price, stop = ev.get("price_vnd"), ev.get("stop_distance_vnd")
        qty = int(v.get("suggested_qty") or 0)
        if qty and isinstance(price, (int, float)) and isinstance(stop, (int, float)):
            out.append(tr("Suggested size {qty} shares (about {value}); a stop near {stop}, "
                          "two ATR below {price}.").format(
                qty=f"{qty:,}", value=money(int(v.get("suggested_value") or 0)),
                stop=thousands(round(price - stop)), price=thousands(round(price))))
        elif isinstance(price, (int, float)) and isinstance(stop, (int, float)):
            out.append(tr("No size is suggested: the score does not favour a buy. A stop "
                          "would sit near {stop}.").format(stop=thousands(round(price - stop))))
        if risk["score"] < 0:
            out.append(tr("Risk flags lower the score ({score}).").format(
                score=f"{risk['score']:+.2f}"))
    return out


def evidence_table(v: dict[str, Any]) -> str:
    rows = []
    for key, spec in ROWS.items():
        a = v["agents"].get(key)
        if not a or a["abstained"]:
            continue
        for field, label, kind in spec:
            if field in a["evidence"]:
                rows.append(f"<tr><td>{tr(AGENT_NAMES[key])}</td><td>{tr(label)}</td>"
                            f"<td align='right'>{_cell(kind, a['evidence'][field])}</td></tr>")
    fund = v["agents"].get("fundamental")
    if fund and not fund["abstained"]:
        for measure, value in fund["evidence"].items():
            if isinstance(value, dict) and "value" in value:
                rows.append(f"<tr><td>{tr('fundamental')}</td><td>{escape(measure.upper())}"
                            f"</td><td align='right'>{value['value']} "
                            f"({tr('sector median')} {value.get('sector_median')})</td></tr>")
    if not rows:
        return ""
    head = (f"<tr><th align='left'>{tr('Agent')}</th><th align='left'>{tr('Measure')}</th>"
            f"<th align='right'>{tr('Value')}</th></tr>")
    return f"<table cellspacing='0' cellpadding='3'>{head}{''.join(rows)}</table>"


def detail_html(v: dict[str, Any]) -> str:
    parts = [f"<h3>{escape(v['symbol'])}</h3>"]
    parts += [f"<p>{escape(s)}</p>" for s in sentences(v)]
    table = evidence_table(v)
    if table:
        parts.append(f"<p><b>{tr('Evidence')}</b></p>{table}")
    return "".join(parts)


def agents_notes_html(v: dict[str, Any]) -> str:
    """The agents' own notes (their source text, English), for the Details expander."""
    lines = [f"<b>{escape(tr(AGENT_NAMES.get(k, k)))}</b>: "
             f"{escape(a['abstain_reason'] or '') if a['abstained'] else escape(a['rationale'])}"
             for k, a in v["agents"].items()]
    head = f"<i>{escape(tr("The agents' own notes, as stored with the run (in English):"))}</i>"
    return "<br/>".join([head, *lines])
