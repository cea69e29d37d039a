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
}
