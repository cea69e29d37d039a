"""Vietnamese of the quote feed manager's, the ticket's quote panel's and the ``quote``
command's strings (wp/quotes). Merged into ``VI`` at the end of :mod:`.vi`."""

from __future__ import annotations

VI_QUOTES: dict[str, str] = {
    # services/market/feed_manager.py: the OLD sentences ({date} = dd/mm/yyyy)
    "No internet: prices are from {date}.": "Không có mạng: giá là của ngày {date}.",
    "SSI refused the FastConnect Data key: prices are from {date}.":
        "SSI từ chối khóa FastConnect Data: giá là của ngày {date}.",
    "No exchange is trading now: prices are from {date}.":
        "Hiện không sàn nào giao dịch: giá là của ngày {date}.",
    "No live price source is set up: prices are from {date}.":
        "Chưa cài đặt nguồn giá trực tuyến: giá là của ngày {date}.",
    "No prices yet: no live source answered and the cache has no bars.":
        "Chưa có giá: không nguồn trực tuyến nào trả lời và bộ nhớ đệm không có dữ liệu.",
    # market/vnstock_board.py states
    "Prices from vnstock, polled every few seconds.":
        "Giá từ vnstock, cập nhật vài giây một lần.",
    "No exchange is trading now; vnstock is not polled.":
        "Hiện không sàn nào giao dịch; không hỏi giá vnstock.",
    "vnstock did not answer (no internet?); prices are the last ones received.":
        "vnstock không trả lời (mất mạng?); giá là giá nhận được gần nhất.",
    "Asking vnstock for prices.": "Đang hỏi giá từ vnstock.",
    # the order ticket's quote panel (ui/orders/ticket.py)
    "Last": "Khớp",
    "Best bid": "Dư mua",
    "Best ask": "Dư bán",
    "Prices: {source} · {age}": "Giá: {source} · {age}",
    "SSI live stream": "luồng giá SSI trực tuyến",
    "SSI (polled)": "SSI (hỏi định kỳ)",
    "vnstock (polled)": "vnstock (hỏi định kỳ)",
    "replay": "phát lại",
    "daily bars": "dữ liệu ngày",
    # the portfolio tab (ui/tabs/portfolio_tab.py)
    "{source} · last update {when} · {prices}":
        "{source} · cập nhật lần cuối {when} · {prices}",
    "prices as of {day}": "giá tính đến {day}",
    # tradingtools quote (cli/quote.py)
    "Price feed: {detail}": "Nguồn giá: {detail}",
    "No price is known for {symbol}.": "Chưa biết giá của {symbol}.",
    "symbol": "mã", "last": "khớp", "ref": "TC", "ceiling": "trần", "floor": "sàn",
    "bid": "mua", "ask": "bán", "volume": "KL", "source": "nguồn", "age": "tuổi giá",
    "no live feed": "không có nguồn giá trực tuyến",  # the quote service before a feed
}
