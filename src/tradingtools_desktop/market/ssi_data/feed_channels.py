"""What the feed subscribes to: the wanted symbols split into stocks and indices, and the
``SwitchChannels`` channel names they take on the SSI FastConnect Data stream.

Pure functions, no I/O. Stocks get ``X:`` (quotes and prints), ``R:`` (foreign room),
``F:`` (status) and, when bars are wanted, ``B:``: one channel per kind naming every stock
(``X:FPT-VNM``), or ``ALL`` above ``all_threshold`` stocks (the feed filters). Indices go on
one ``MI:`` channel that always carries the heartbeat index, in SSI's spelling
(``INDEX_IDS``).
"""

from __future__ import annotations

from collections.abc import Iterable

from .feed_config import INDEX_IDS, StreamConfig

__all__ = ["channels", "split_symbols"]


def split_symbols(symbols: Iterable[str]) -> tuple[frozenset[str], dict[str, str]]:
    """The stocks (upper-cased) and the indices (SSI id upper-cased -> the id asked for)
    among ``symbols``; blanks are dropped."""
    stocks, indices = set(), {}
    for raw in symbols:
        s = raw.strip().upper()
        if not s:
            continue
        if s in INDEX_IDS:
            indices[INDEX_IDS[s].upper()] = s
        else:
            stocks.add(s)
    return frozenset(stocks), indices


def channels(stocks: Iterable[str], indices: Iterable[str], config: StreamConfig, *,
             bars: bool) -> list[str]:
    """The channels to switch on, in order: the stock kinds, then ``MI:``. ``indices``: the
    ids asked for (our spelling); ``bars``: the sink takes bars."""
    wanted = sorted(stocks)
    out: list[str] = []
    if wanted:
        part = "ALL" if len(wanted) > config.all_threshold else "-".join(wanted)
        kinds = ["X", "R", "F"] + (["B"] if config.bars and bars else [])
        out += [f"{k}:{part}" for k in kinds]
    heartbeat = INDEX_IDS.get(config.heartbeat_index.upper(), config.heartbeat_index)
    ids = dict.fromkeys([heartbeat, *(INDEX_IDS.get(v, v) for v in indices)])
    out.append("MI:" + "-".join(ids))
    return out
