"""Vietnamese of the feed's last gaps (source: English): ``--replay DATE`` on the command
line and at the desktop app's start, the index strip and charts of an old day, and the
screener's price from the quote service."""

VI_FEEDGAPS: dict[str, str] = {
    # --replay DATE (cli/inputs.py, cli/__init__.py, app.py, ui/replay_control.py)
    "The replay speed is a number from 1 to 60 (times real time), e.g. 10 (got {typed}).":
        "Tốc độ phát lại là một số từ 1 đến 60 (lần thời gian thực), ví dụ 10 "
        "(đã nhập {typed}).",
    "Name at least one symbol, e.g. MBB,FPT (got {typed}).":
        "Hãy nêu ít nhất một mã, ví dụ MBB,FPT (đã nhập {typed}).",
    "--replay DATE runs a replay on its own: leave out the command {command!r}, or write "
    "`tradingtools replay DATE`.":
        "--replay NGÀY tự chạy một phiên phát lại: bỏ lệnh {command!r}, hoặc viết "
        "`tradingtools replay NGÀY`.",
    "{options}: a replay's option(s); write `tradingtools --replay DATE {first} ...` or "
    "`tradingtools replay DATE {first} ...`.":
        "{options}: tùy chọn của phiên phát lại; hãy viết `tradingtools --replay NGÀY "
        "{first} ...` hoặc `tradingtools replay NGÀY {first} ...`.",
    "name a command (see `tradingtools --help`), or --replay DATE to practise on a past "
    "session.":
        "hãy nêu một lệnh (xem `tradingtools --help`), hoặc --replay NGÀY để luyện tập trên "
        "một phiên đã qua.",
    "--speed goes with --replay DATE": "--speed chỉ dùng cùng --replay NGÀY",
    "Replay of {day} — orders are dry-run only":
        "Phát lại phiên {day} — lệnh chỉ là giao dịch thử",
    # the index strip and the board's charts of an old day (ui/board/)
    "{name}: {age}. Not today's session: it turns current when a live value arrives.":
        "{name}: {age}. Không phải phiên hôm nay: chỉ số sẽ cập nhật khi có giá trị trực "
        "tuyến.",
    "{name} — {age}": "{name} — {age}",
    "{title} — {age}": "{title} — {age}",
    "These prices are not today's session: the newest bar is of {day}.":
        "Các giá này không phải của phiên hôm nay: nến mới nhất là của ngày {day}.",
    # the screener's price from the quote service (services/screener_prices.py)
    "Scores on daily bars; the suggested sizes and the Last column use the quote service's "
    "current price ({sources}), kept with the run.":
        "Điểm tính trên nến ngày; khối lượng đề xuất và cột Giá khớp dùng giá hiện tại của "
        "dịch vụ báo giá ({sources}), được lưu cùng lần chạy.",
    "A run at a past instant: suggested sizes at each symbol's close on its as-of day, not "
    "today's price.":
        "Lần chạy tại một thời điểm đã qua: khối lượng đề xuất theo giá đóng cửa của từng mã "
        "vào ngày dữ liệu, không phải giá hôm nay.",
    "Suggested sizes at each symbol's last daily close (no current quote).":
        "Khối lượng đề xuất theo giá đóng cửa gần nhất của từng mã (không có báo giá hiện "
        "tại).",
    "SSI stream": "luồng SSI",
    "SSI REST": "SSI REST",
    "vnstock": "vnstock",
    "newest daily bars": "nến ngày mới nhất",
    "This run kept no quote: its sizes are at the daily close.":
        "Lần chạy này không lưu báo giá: khối lượng tính theo giá đóng cửa ngày.",
    "last match": "giá khớp gần nhất",
    "reference": "giá tham chiếu",
    "{kind} from {source} at {at} Vietnam time: the price this run's size is counted at, "
    "kept with the run.":
        "{kind} từ {source} lúc {at} giờ Việt Nam: giá dùng để tính khối lượng của lần chạy "
        "này, được lưu cùng lần chạy.",
    # the help of --replay and its options (cli/__init__.py, cli/replay.py), merged with
    # the translated CLI
    "1 to 60 times real time (default 60)": "từ 1 đến 60 lần thời gian thực (mặc định 60)",
    "the replay's report as JSON": "báo cáo của phiên phát lại dạng JSON",
    "practise on a past session (dry-run only); also `tradingtools --replay DATE`":
        "luyện tập trên một phiên đã qua (chỉ mô phỏng); cũng là `tradingtools --replay NGÀY`",
    "practise on the past session of DATE (2026-04-14 or 14/04/2026; 'list' shows the days "
    "there are), dry-run only: the same as `tradingtools replay DATE`, with its options "
    "(--speed, --order, --source, --fetch, --json)":
        "luyện tập trên phiên đã qua của NGÀY (2026-04-14 hoặc 14/04/2026; 'list' cho biết "
        "các ngày có dữ liệu), chỉ mô phỏng: giống `tradingtools replay NGÀY`, với các tùy "
        "chọn của nó (--speed, --order, --source, --fetch, --json)",
    "fundamentals ratios (P/E, P/B, EPS, BVPS per quarter; ROE, ROA, gross margin, "
    "debt/equity when vnstock states their unit) from vnstock into the screener's table":
        "chỉ số cơ bản (P/E, P/B, EPS, BVPS theo quý; ROE, ROA, biên lợi nhuận gộp, nợ/vốn "
        "chủ sở hữu khi vnstock nêu đơn vị) từ vnstock vào bảng của bộ lọc",
    "The agents' own notes, as stored with the run (in English):":
        "Ghi chú gốc của các tác tử, lưu cùng lần chạy (bằng tiếng Anh):",
}
