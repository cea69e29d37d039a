"""The streaming feed against the simulator's SignalR hub over real sockets: live quotes and
prints from a real recorded session, reconnect and re-subscribe after a drop, a token
refused mid-stream, a silent stream -> REST polling -> live again, a stream that is down,
malformed frames, a slow consumer, and numbers in every form the spec shows."""

from __future__ import annotations

import asyncio
import threading

import pytest
from ssi_data_helpers import AT_NIGHT, IN_SESSION, Sink, until

from tradingtools_desktop.domain.market.quotes import FeedState, QuoteSource
from tradingtools_desktop.market.ssi_data.feed import SsiDataFeed, StreamConfig

FAST = StreamConfig(silence_after=0.5, poll_interval=0.1, check_interval=0.05,
                    reconnect_base=0.05, reconnect_cap=0.2, open_timeout=5.0)


def run(coro):
    return asyncio.run(coro)


def last_push(sim, symbol):
    return [p for p in sim.replay.pushes if p.symbol == symbol][-1]


async def live_feed(make_client, symbols=("FPT", "MBB"), config=FAST, now=IN_SESSION):
    client = make_client()
    feed = SsiDataFeed(client, config, now=lambda: now)
    sink = Sink()
    await feed.start(sink)
    await feed.subscribe(list(symbols))
    await until(lambda: feed.state is FeedState.LIVE, "the stream to be live")
    return client, feed, sink


async def close(client, feed):
    await feed.stop()
    await client.aclose()


def test_recorded_pushes_arrive_as_quotes_and_single_prints(sim, make_client) -> None:
    async def go():
        client, feed, sink = await live_feed(make_client)
        sim.replay.step(len(sim.replay.pushes))
        want_fpt = last_push(sim, "FPT")
        await until(lambda: any(q.symbol == "FPT" and q.total_volume == want_fpt.total_volume
                                for q in sink.quotes), "FPT's last quote")
        await until(lambda: any(q.symbol == "MBB" and q.total_volume == last_push(
            sim, "MBB").total_volume for q in sink.quotes), "MBB's last quote")
        await close(client, feed)
        return sink, feed

    sink, feed = run(go())
    assert {q.symbol for q in sink.quotes} == {"FPT", "MBB"}  # VCB was not asked for
    assert sink.states[0][0] is FeedState.CONNECTING
    assert (FeedState.LIVE, "SSI price stream live.") in sink.states
    for symbol in ("FPT", "MBB"):
        totals = [t.total_volume for t in sink.trades if t.symbol == symbol]
        assert totals and totals == sorted(set(totals))  # each print once, in order
    q = next(q for q in reversed(sink.quotes) if q.symbol == "FPT" and q.bids)
    assert q.source is QuoteSource.SSI_STREAM and q.bids[0].price > q.asks[0].price - 1000
    assert all(type(level.price) is int for level in q.bids + q.asks)
    assert sink.statuses and sink.statuses[0].status is not None
    assert sink.bars and all(b.source is QuoteSource.SSI_STREAM for b in sink.bars)
    assert feed.stats.malformed == 0


def test_after_a_drop_it_reconnects_and_subscribes_again(sim, make_client) -> None:
    async def go():
        client, feed, sink = await live_feed(make_client)
        sim.replay.step(10)
        await until(lambda: len(sink.quotes) > 0, "quotes before the drop")
        assert sim.drop() == 1
        await until(lambda: feed.stats.connects == 2 and feed.state is FeedState.LIVE,
                    "a second connection")
        conn = next(iter(sim.hub.connections.values()))
        await until(lambda: conn.subscriptions.get("X") == {"FPT", "MBB"}, "re-subscribed")
        before = len(sink.quotes)
        sim.replay.step(20)
        await until(lambda: len(sink.quotes) > before, "quotes after the reconnect")
        await close(client, feed)
        return sink, feed

    sink, feed = run(go())
    assert feed.stats.drops == 1
    assert (FeedState.CONNECTING, "SSI price stream dropped; reconnecting.") in sink.states
    assert sink.states[-1][0] is FeedState.LIVE


def test_a_token_refused_mid_stream_is_renewed_before_reconnecting(sim, make_client) -> None:
    async def go():
        client, feed, sink = await live_feed(make_client)
        sim.unauthorized_mid_stream()  # every token revoked, every socket dropped
        await until(lambda: feed.stats.connects == 2 and feed.state is FeedState.LIVE,
                    "live again with a new token")
        sim.replay.step(15)
        await until(lambda: len(sink.quotes) > 0, "quotes on the new connection")
        logins = client.logins
        await close(client, feed)
        return logins

    assert run(go()) == 2
    assert sim.state.calls["accesstoken"] == 2


def test_a_silent_stream_falls_back_to_polling_and_returns_to_live(sim, make_client) -> None:
    async def go():
        client, feed, sink = await live_feed(make_client)
        sim.replay.step(30)  # today's state at the simulator (REST serves it too)
        await until(lambda: len(sink.quotes) > 0, "streamed quotes")
        sim.go_silent()  # the socket stays open and keep-alives go on
        await until(lambda: feed.state is FeedState.POLLING, "polling", timeout=30)
        await until(lambda: any(q.source is QuoteSource.SSI_REST for q in sink.quotes),
                    "a polled quote")
        polled = next(q for q in sink.quotes if q.source is QuoteSource.SSI_REST)
        sim.speak()
        sim.replay.step(5)
        await until(lambda: feed.state is FeedState.LIVE, "live again")
        polls = feed.stats.polls
        await asyncio.sleep(FAST.poll_interval * 3)
        assert feed.stats.polls <= polls + 1  # the poller stopped with the stream back
        await close(client, feed)
        return sink, polled

    sink, polled = run(go())
    assert (FeedState.POLLING, "SSI price stream silent; prices polled from SSI every few "
            "seconds.") in sink.states
    assert polled.symbol in ("FPT", "MBB") and polled.last and polled.reference
    assert sim.state.calls["dailystockprice"] >= 1


def test_outside_trading_hours_silence_is_normal(sim, make_client) -> None:
    async def go():
        client, feed, sink = await live_feed(make_client, now=AT_NIGHT)
        sim.go_silent()
        await asyncio.sleep(FAST.silence_after * 3)
        state = feed.state
        await close(client, feed)
        return state, sink

    state, sink = run(go())
    assert state is FeedState.LIVE
    assert sink.states[-1] == (FeedState.LIVE, "SSI price stream open; no exchange is "
                               "trading now.")
    # no polling at night: only the one read of the day's close, one call per symbol
    assert sim.state.calls["dailystockprice"] == 2


def test_at_night_the_days_close_is_read_once_over_rest(sim, make_client) -> None:
    async def go():
        sim.replay.step(len(sim.replay.pushes))  # the session is over: the day's last state
        client, feed, sink = await live_feed(make_client, now=AT_NIGHT)
        await until(lambda: {q.symbol for q in sink.quotes} == {"FPT", "MBB"},
                    "the day's close of both symbols")
        await asyncio.sleep(FAST.check_interval * 10)
        calls = sim.state.calls["dailystockprice"]
        await feed.subscribe(["FPT", "MBB", "VCB"])  # a new symbol: read again
        await until(lambda: "VCB" in {q.symbol for q in sink.quotes}, "VCB's close")
        await close(client, feed)
        return sink, calls

    sink, calls = run(go())
    assert calls == 2  # once per symbol, not polled again while the night goes on
    assert all(q.source is QuoteSource.SSI_REST for q in sink.quotes)
    fpt = [q for q in sink.quotes if q.symbol == "FPT"][-1]
    assert fpt.at.date().isoformat() == "2026-04-14" and fpt.last and fpt.reference
    assert fpt.at <= AT_NIGHT
    assert fpt.total_volume == last_push(sim, "FPT").total_volume


def test_the_last_session_day() -> None:
    from datetime import datetime

    from tradingtools_desktop.domain.market.calendar import TradingCalendar
    from tradingtools_desktop.market.ssi_data.poll import last_session_day
    from tradingtools_desktop.market.ssi_data.wire import VN_TZ

    cal = TradingCalendar()
    tue = datetime(2026, 4, 14, 21, 0, tzinfo=VN_TZ)
    assert last_session_day(tue, cal).isoformat() == "2026-04-14"  # after the close
    assert last_session_day(tue.replace(hour=8), cal).isoformat() == "2026-04-13"  # before
    sun = datetime(2026, 4, 19, 10, 0, tzinfo=VN_TZ)
    assert last_session_day(sun, cal).isoformat() == "2026-04-17"  # the Friday before


def test_a_stream_that_cannot_open_is_covered_by_polling(sim, make_client) -> None:
    sim.hub.faults.refuse = True  # negotiate answers 503; REST still works
    sim.replay.step(30)

    async def go():
        client = make_client()
        feed = SsiDataFeed(client, FAST, now=lambda: IN_SESSION)
        sink = Sink()
        await feed.start(sink)
        await feed.subscribe(["FPT"])
        await until(lambda: feed.state is FeedState.POLLING, "polling while down")
        await until(lambda: any(q.source is QuoteSource.SSI_REST for q in sink.quotes),
                    "a polled quote")
        sim.hub.faults.refuse = False
        await until(lambda: feed.state is FeedState.LIVE, "live once the stream opens")
        await close(client, feed)
        return sink

    sink = run(go())
    assert (FeedState.POLLING, "SSI price stream down; prices polled from SSI every few "
            "seconds.") in sink.states


def test_malformed_frames_are_counted_and_the_next_good_one_is_kept(sim, make_client) -> None:
    async def go():
        client, feed, sink = await live_feed(make_client, symbols=("MBB",))
        sim.malformed(6)  # six kinds: not JSON, bad argument, bad Content, no symbol, ...
        pushes = [p for p in sim.replay.pushes if p.symbol == "MBB"]
        while sim.hub.faults.malformed_next > 0:
            sim.replay.step(1)
        sim.replay.step(len(sim.replay.pushes))
        await until(lambda: any(q.total_volume == pushes[-1].total_volume
                                for q in sink.quotes), "the good pushes after the bad ones")
        counted = feed.stats.malformed + feed.bad_frames
        state = feed.state
        await close(client, feed)
        return counted, state

    counted, state = run(go())
    assert counted == 6 and state is FeedState.LIVE


def test_a_slow_consumer_loses_old_frames_not_the_newest_state(sim, make_client) -> None:
    sim.slow_consumer(buffer=8, sndbuf=4096)
    release = threading.Event()
    blocked = threading.Event()

    class SlowSink(Sink):
        def on_quote(self, quote):
            if not blocked.is_set():
                blocked.set()
                release.wait(60)  # the consumer is stuck (blocks the loop) meanwhile
            super().on_quote(quote)

    def flood() -> None:
        blocked.wait(60)
        for _ in range(400):  # until the simulator had to drop frames for this client
            conns = list(sim.hub.connections.values())
            if conns and conns[0].dropped > 0:
                break
            sim.replay.rewind()
            sim.replay.step(len(sim.replay.pushes))
        sim.replay.rewind()
        sim.replay.step(len(sim.replay.pushes))  # the final state, last
        release.set()

    async def go():
        client = make_client()
        feed = SsiDataFeed(client, FAST, now=lambda: IN_SESSION)
        sink = SlowSink()
        await feed.start(sink)
        await feed.subscribe(["FPT", "MBB"])
        await until(lambda: feed.state is FeedState.LIVE, "live")
        worker = threading.Thread(target=flood, daemon=True)
        worker.start()
        sim.replay.step(1)
        final = last_push(sim, "FPT")
        await until(lambda: release.is_set(), "the flood to end", timeout=60)
        newest = (final.at + sim.replay.shift).replace(microsecond=0)
        await until(lambda: any(q.symbol == "FPT" and q.source is QuoteSource.SSI_STREAM
                                and q.total_volume == final.total_volume and q.at == newest
                                for q in sink.quotes), "the newest FPT quote")
        dropped = max((c.dropped for c in sim.hub.connections.values()), default=0)
        stats = feed.stats
        await close(client, feed)
        worker.join(5)
        return dropped, stats

    dropped, stats = run(go())
    # the simulator dropped old frames for the stuck consumer (as a real SignalR server's
    # bounded buffer does); the socket survived and the newest state still arrived
    assert dropped > 0 and stats.connects == 1 and stats.drops == 0


@pytest.mark.parametrize("numbers", ["number", "string", "float", "mixed"])
def test_numbers_in_any_form_become_the_same_integer_vnd(sim, make_client, numbers) -> None:
    sim.hub.numbers = numbers
    sim.hub.lower_keys = numbers == "mixed"  # {"datatype","content"} as in the spec

    async def go():
        client, feed, sink = await live_feed(make_client, symbols=("FPT",))
        sim.replay.step(len(sim.replay.pushes))
        final = last_push(sim, "FPT")
        await until(lambda: any(q.total_volume == final.total_volume and q.last
                                for q in sink.quotes), "FPT's last quote")
        await close(client, feed)
        return next(q for q in reversed(sink.quotes) if q.last), final

    quote, final = run(go())
    assert (quote.last, quote.reference, quote.ceiling, quote.floor, quote.total_value) == (
        final.last, final.reference, final.ceiling, final.floor, final.total_value)
    assert type(quote.last) is int and type(quote.total_volume) is int


def test_indices_and_a_refused_channel(sim, make_client) -> None:
    async def go():
        client, feed, sink = await live_feed(make_client, symbols=("VN30", "FPT"))
        conn = next(iter(sim.hub.connections.values()))
        await until(lambda: conn.subscriptions.get("MI") == {"VNINDEX", "VN30"},
                    "MI with the heartbeat index")
        sim.hub.publish("MI", "VN30", {"RType": "MI", "IndexId": "VN30", "IndexValue": 1238.76,
                                       "TradingDate": "14/04/2026", "Time": "13:33:01",
                                       "Change": 12.6, "RatioChange": 1.03, "AllQty": 1.0e8,
                                       "AllValue": 7.5e12, "Advances": 25, "NoChanges": 2,
                                       "Declines": 3, "TradingSession": None})
        sim.hub.publish("MI", "VNINDEX", {"RType": "MI", "IndexId": "VNINDEX",
                                          "IndexValue": 1650.1, "TradingDate": "14/04/2026",
                                          "Time": "13:33:02"})
        await until(lambda: len(sink.indices) == 1, "the VN30 value")
        await conn_invoke_bad(feed)
        await close(client, feed)
        return sink

    async def conn_invoke_bad(feed):
        await feed._conn.invoke("SwitchChannels", "NOPE:FPT")  # refused with an Error push
        await until(lambda: feed.stats.hub_errors == 1, "the Error push")

    sink = run(go())
    index = sink.indices[0]
    assert index.index_id == "VN30" and index.value == pytest.approx(1238.76)
    assert index.total_value == 7_500_000_000_000 and index.advances == 25
