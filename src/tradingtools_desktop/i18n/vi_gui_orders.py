"""Vietnamese of the order actions around the ticket: cancel all, the price and
quantity buttons, the dry-run confirmation, portfolio columns, modify and the kill switch.
"""

VI_GUI_ORDERS: dict[str, str] = {
    "The language changes at the next start.": "Ngôn ngữ sẽ đổi ở lần khởi động sau.",
    "Database version {n}": "Phiên bản cơ sở dữ liệu {n}",
    "Cancel &all open orders": "Hủy &mọi lệnh chờ",
    "Cancel all open orders": "Hủy mọi lệnh chờ",
    "Cancel all: {done} of {n} open order(s) cancelled.":
        "Hủy tất cả: đã hủy {done} trên {n} lệnh chờ.",
    "No open orders to cancel.": "Không có lệnh chờ nào để hủy.",
    "{order}: {status}. {reason}": "{order}: {status}. {reason}",
    "{order}: {status}.": "{order}: {status}.",
    "Filled: {side} {qty} {sym} @ {price}": "Đã khớp: {side} {qty} {sym} @ {price}",
    "Set the price to the reference price": "Đặt giá bằng giá tham chiếu",
    "Set the price to the ceiling": "Đặt giá bằng giá trần",
    "Set the price to the floor": "Đặt giá bằng giá sàn",
    "One tick lower": "Thấp hơn một bước giá",
    "One tick higher": "Cao hơn một bước giá",
    "Max quantity": "KL tối đa",
    "The largest quantity, in board lots, that your buying power (buys) or sellable shares "
    "(sells) allow": "Khối lượng lớn nhất (theo lô chẵn) mà sức mua (lệnh mua) hoặc số cổ "
                     "phiếu được bán (lệnh bán) cho phép",
    "Enter places the order; Esc clears the ticket": "Enter để đặt lệnh; Esc để xóa phiếu",
    "Ask me to confirm each dry-run order": "Hỏi xác nhận trước mỗi lệnh mô phỏng",
    "No reference price is known yet for this symbol.": "Chưa có giá tham chiếu cho mã này.",
    "Type a price first.": "Hãy nhập giá trước.",
    "Sellable shares are not known yet.": "Chưa biết số cổ phiếu được bán.",
    "{qty} of {sellable} sellable shares (board lots).":
        "{qty} trên {sellable} cổ phiếu được bán (lô chẵn).",
    "Type a valid price first: the maximum depends on it.":
        "Hãy nhập giá hợp lệ trước: khối lượng tối đa phụ thuộc vào giá.",
    "{qty} shares: the most your buying power {have} allows with the fee.":
        "{qty} cổ phiếu: mức tối đa sức mua {have} cho phép, đã tính phí.",
    "Confirm dry-run order": "Xác nhận lệnh mô phỏng",
    "Dry-run order (simulated, nothing is sent)": "Lệnh mô phỏng (không gửi đi đâu)",
    "Value {v} + fee {f} + tax {t}": "Giá trị {v} + phí {f} + thuế {t}",
    "accepted by the dry-run broker (simulated; nothing was sent)":
        "đã nhận ở chế độ mô phỏng (không gửi đi đâu)",
    "accepted by the broker": "công ty chứng khoán đã nhận lệnh",
    "pre-trade checks passed": "đạt kiểm tra trước giao dịch",
}
VI_GUI_ORDERS.update({
    "Market value (VND)": "Giá trị TT (đ)",
    "Unrealised (VND)": "Lãi/lỗ chưa TH (đ)",
    "Realised (VND)": "Lãi/lỗ đã TH (đ)",
    "Today (VND)": "Hôm nay (đ)",
    "Buy more": "Mua thêm",
    "Select a position first.": "Hãy chọn một mã trong danh mục trước.",
})
VI_GUI_ORDERS.update({
    "Modify order": "Sửa lệnh",
    "Modify selected order…": "Sửa lệnh đã chọn…",
    "Send the change": "Gửi sửa lệnh",
    "Change the price or the quantity first.": "Hãy đổi giá hoặc khối lượng trước.",
    "Select an open order to modify.": "Chọn một lệnh chờ để sửa.",
    "{order}: change refused. {why}": "{order}: không sửa được. {why}",
    "{order}: change sent, waiting for the broker.":
        "{order}: đã gửi sửa lệnh, chờ công ty chứng khoán.",
    "{order}: changed.": "{order}: đã sửa.",
    "cancelled by the kill switch ({reason})": "đã hủy do ngắt khẩn cấp ({reason})",
})
VI_GUI_ORDERS.update({"cancelled by the kill switch": "đã hủy do ngắt khẩn cấp"})
VI_GUI_ORDERS.update({"cancel requested by the kill switch": "yêu cầu hủy do ngắt khẩn cấp"})
