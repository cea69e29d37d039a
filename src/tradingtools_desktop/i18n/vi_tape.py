"""Vietnamese for the dry-run tape and market replay (wp/tape): the replay CLI, the replay
control and its status-bar badge. English source text as the keys."""

from __future__ import annotations

VI_TAPE: dict[str, str] = {
    # tradingtools replay
    "{text!r} is not a date: write it as 2026-04-14 or 14/04/2026.":
        "{text!r} không phải là ngày: hãy viết 2026-04-14 hoặc 14/04/2026.",
    "Replay of {day} ({what}), {start}-{end} Vietnam time, at {speed}x; dry-run only, kept "
    "apart from your practice history.":
        "Phát lại phiên {day} ({what}), {start}-{end} giờ Việt Nam, tốc độ {speed}x; chỉ giao "
        "dịch thử, tách riêng khỏi lịch sử giao dịch thử của bạn.",
    "Sessions that can be replayed:": "Các phiên có thể phát lại:",
    "The LO order {spec!r} needs a price (in thousands of VND).":
        "Lệnh LO {spec!r} cần có giá (nghìn đồng).",
    "recorded session": "phiên đã ghi",
    "intraday bars": "nến trong ngày",
    "Cannot read the order {spec!r}: write it as \"BUY MBB 1000 LO 26.55\" (price in "
    "thousands of VND) or \"SELL FPT 100 MP\".":
        "Không đọc được lệnh {spec!r}: hãy viết \"BUY MBB 1000 LO 26.55\" (giá nghìn đồng) "
        "hoặc \"SELL FPT 100 MP\".",
    "note: {why}: only recorded sessions are listed.":
        "lưu ý: {why}: chỉ liệt kê các phiên đã ghi.",
    "{what}: {status}, filled {filled:,} of {qty:,}{avg}":
        "{what}: {status}, khớp {filled:,} / {qty:,}{avg}",
    "No market data to replay for {day}. Days that can be replayed: {days}.":
        "Không có dữ liệu thị trường để phát lại ngày {day}. Các ngày có thể phát lại: {days}.",
    "{symbol} is not in this replay ({symbols}): not placed.":
        "{symbol} không có trong phiên phát lại này ({symbols}): không đặt lệnh.",
    "{what}: refused: {why}": "{what}: bị từ chối: {why}",
    "none": "không có",
    "{symbol}: {n} one-minute bar(s) of {day} stored.":
        "{symbol}: đã lưu {n} nến 1 phút của ngày {day}.",
    "{symbol}: not fetched: {why}": "{symbol}: chưa tải được: {why}",
    "No SSI FastConnect Data key in this profile: add it in Setup to fetch intraday bars for "
    "a replay.":
        "Hồ sơ này chưa có khóa SSI FastConnect Data: hãy thêm trong Thiết lập để tải nến "
        "trong ngày cho phát lại.",
    # the replay control
    "finished": "đã hết",
    "playing": "đang phát",
    "paused": "tạm dừng",
    "Replay of {day} — {time} Vietnam time, {speed}x, {state} ({played} of {total} market "
    "events)":
        "Phát lại phiên {day} — {time} giờ Việt Nam, {speed}x, {state} ({played} / {total} "
        "sự kiện thị trường)",
    "Market replay": "Phát lại thị trường",
    "Practise outside market hours on a past session. Replay orders are dry-run only and "
    "kept apart from your practice history.":
        "Luyện tập ngoài giờ giao dịch trên một phiên đã qua. Lệnh phát lại chỉ là giao dịch "
        "thử và được tách riêng khỏi lịch sử giao dịch thử của bạn.",
    "Session:": "Phiên:",
    "Speed:": "Tốc độ:",
    "Start": "Bắt đầu",
    "Pause": "Tạm dừng",
    "Resume": "Tiếp tục",
    "Stop": "Dừng",
    "Looking for sessions to replay…": "Đang tìm các phiên có thể phát lại…",
    "Replay stopped; back to your practice profile.":
        "Đã dừng phát lại; quay về hồ sơ giao dịch thử của bạn.",
    "Choose a session and a speed, then Start.": "Chọn phiên và tốc độ, rồi bấm Bắt đầu.",
    "No past session can be replayed: no recording is bundled and the cache has no "
    "intraday bars.":
        "Không có phiên nào để phát lại: không có bản ghi đi kèm và bộ nhớ đệm không có nến "
        "trong ngày.",
    "{day} {start}-{end} ({what}: {symbols})": "{day} {start}-{end} ({what}: {symbols})",
    "Replay failed: {why}": "Phát lại thất bại: {why}",
    "Practise on a past session (&replay)…": "Luyện tập trên phiên đã qua (&phát lại)…",
    # the status bar
    "Replay of {day}": "Phát lại phiên {day}",
}
