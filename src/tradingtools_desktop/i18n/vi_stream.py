"""Vietnamese for the SSI order stream's fixed sentences (brokers/ssi/order_stream.py
DETAILS and SsiBroker.stream_summary)."""

from __future__ import annotations

VI_STREAM: dict[str, str] = {
    "Order stream off": "Luồng lệnh tắt",
    "Order stream connecting": "Đang kết nối luồng lệnh",
    "Order stream live": "Luồng lệnh đang chạy",
    "Order stream down: reconnecting; the order book is read every second":
        "Mất luồng lệnh: đang kết nối lại; sổ lệnh được đọc mỗi giây",
    "order stream off; the order book is read every second":
        "luồng lệnh tắt; sổ lệnh được đọc mỗi giây",
    "order stream live; the order book is read every 12 s as a safety net":
        "luồng lệnh đang chạy; sổ lệnh được đọc lại mỗi 12 giây để dự phòng",
    "order stream down, reconnecting; the order book is read every second":
        "mất luồng lệnh, đang kết nối lại; sổ lệnh được đọc mỗi giây",
}
