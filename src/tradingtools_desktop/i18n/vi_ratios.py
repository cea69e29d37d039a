"""Vietnamese for ``data ratios``: fundamentals from vnstock (wp/ratios)."""

from __future__ import annotations

VI_RATIOS: dict[str, str] = {
    "No internet: the fundamentals of {symbol} are unchanged (newest stored period: "
    "{as_of}).":
        "Không có kết nối Internet: chỉ số cơ bản của {symbol} giữ nguyên (kỳ mới nhất đã "
        "lưu: {as_of}).",
    "vnstock refused the request: the fundamentals of {symbol} are unchanged (newest "
    "stored period: {as_of}).":
        "vnstock từ chối yêu cầu: chỉ số cơ bản của {symbol} giữ nguyên (kỳ mới nhất đã "
        "lưu: {as_of}).",
    "vnstock asks us to slow down: the fundamentals of {symbol} are unchanged (newest "
    "stored period: {as_of}); try again in a minute.":
        "vnstock yêu cầu giảm tốc độ: chỉ số cơ bản của {symbol} giữ nguyên (kỳ mới nhất "
        "đã lưu: {as_of}); hãy thử lại sau một phút.",
    "The fundamentals of {symbol} could not be updated (newest stored period: {as_of}).":
        "Không cập nhật được chỉ số cơ bản của {symbol} (kỳ mới nhất đã lưu: {as_of}).",
    "none stored yet": "chưa có",
    "{symbol}: {n} periods stored ({source})": "{symbol}: đã lưu {n} kỳ ({source})",
    "dropped as ambiguous (the source sent the period twice): {cols}":
        "bỏ qua vì không rõ ràng (nguồn gửi cùng một kỳ hai lần): {cols}",
    # ROE, ROA, margins when the source states their unit; the whole-run sentences of
    # services/fundamentals_refresh.py and the Data > Update fundamentals… dialog
    "gross margin": "biên lợi nhuận gộp",
    "debt/equity": "nợ/vốn chủ sở hữu",
    "not stored, their unit is not stated by the source: {measures}":
        "không lưu vì nguồn không nêu đơn vị: {measures}",
    "Not from vnstock (no confirmed item id or unit): profit growth, revenue growth, "
    "dividend yield.":
        "Không lấy từ vnstock (chưa xác nhận được mã chỉ tiêu hoặc đơn vị): tăng trưởng lợi "
        "nhuận, tăng trưởng doanh thu, tỷ suất cổ tức.",
    "No internet: the fundamentals are unchanged (newest stored period: {as_of}).":
        "Không có kết nối internet: chỉ số cơ bản giữ nguyên (kỳ mới nhất đã lưu: {as_of}).",
    "vnstock refused the request: the fundamentals are unchanged (newest stored period: "
    "{as_of}).":
        "vnstock từ chối yêu cầu: chỉ số cơ bản giữ nguyên (kỳ mới nhất đã lưu: {as_of}).",
    "vnstock asks us to slow down: the fundamentals are unchanged (newest stored period: "
    "{as_of}); try again in a minute.":
        "vnstock yêu cầu giảm tốc độ: chỉ số cơ bản giữ nguyên (kỳ mới nhất đã lưu: "
        "{as_of}); hãy thử lại sau một phút.",
    "The fundamentals could not be updated (newest stored period: {as_of}).":
        "Không cập nhật được chỉ số cơ bản (kỳ mới nhất đã lưu: {as_of}).",
    "Update &fundamentals…": "Cập nhật chỉ số cơ &bản…",
    "Update fundamentals": "Cập nhật chỉ số cơ bản",
    "Updating fundamentals": "Đang cập nhật chỉ số cơ bản",
    "Cancelled: fundamentals of {done} of {total} stocks updated.":
        "Đã hủy: đã cập nhật chỉ số cơ bản của {done}/{total} mã.",
    "No stocks to update: add some to the watchlist or update market data first.":
        "Không có mã nào để cập nhật: hãy thêm mã vào danh sách theo dõi hoặc cập nhật dữ "
        "liệu thị trường trước.",
    "Fundamentals updated: {rows} periods of {done} stocks ({source}).":
        "Đã cập nhật chỉ số cơ bản: {rows} kỳ của {done} mã ({source}).",
    "{n} stocks could not be read.": "{n} mã không đọc được.",
    "Not stored, their unit is not stated by the source: {measures}.":
        "Không lưu vì nguồn không nêu đơn vị: {measures}.",
    "The fundamentals could not be updated: {why}":
        "Không cập nhật được chỉ số cơ bản: {why}",
    "Cancelling after the current stock…": "Đang hủy sau mã hiện tại…",
}
