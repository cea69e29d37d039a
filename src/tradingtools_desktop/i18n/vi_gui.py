"""Vietnamese of the window's own strings: menus, tabs, tables, ticket, typed prices, the status
bar and dialogs; the Help menu, order actions, screener and wizard are in their own
``vi_gui_*`` modules, merged in here (``VI_GUI`` is all of them).

Board words as VN boards say them: Mua / Bán, TC / Trần / Sàn, KL (khối lượng), Khớp.
"Sàn" is the floor price only; an exchange (HOSE, HNX, UPCOM) is "Sở GD" (Sở giao dịch),
so one word never means two things on the same screen.
"""

VI_GUI: dict[str, str] = {
    # menus, window, tray
    "&File": "&Tệp",
    "&Quit": "&Thoát",
    "&Trading": "&Giao dịch",
    "&Help": "&Trợ giúp",
    "(in memory)": "(trong bộ nhớ)",
    "Action failed": "Thao tác thất bại",
    "Action failed: {why}": "Thao tác thất bại: {why}",
    "Setup saved: {n} key(s) stored; mode {mode}.": "Đã lưu thiết lập: {n} khóa; chế độ {mode}.",
    "Trading halted": "Đã dừng giao dịch",
    "Trading HALTED ({reason}).": "Giao dịch ĐÃ DỪNG ({reason}).",
    "Trading {state}.": "Giao dịch: {state}.",
    "TradingTools — {mode}, trading {state}": "TradingTools — {mode}, giao dịch {state}",
    "Profile: …": "Hồ sơ: …",
    "Orders go to the real broker.": "Lệnh được gửi tới công ty chứng khoán thật.",
    "Orders are simulated by the dry-run broker; nothing reaches a broker.":
        "Lệnh được mô phỏng; không lệnh nào tới công ty chứng khoán.",
    "DRY-RUN": "MÔ PHỎNG",
    "LIVE": "THẬT",
    "ACTIVE": "ĐANG HOẠT ĐỘNG",
    "REDUCING": "CHỈ GIẢM VỊ THẾ",
    "HALTED": "ĐÃ DỪNG",
    "kill switch": "ngắt khẩn cấp",
    "Go &live…": "Chuyển sang giao dịch &thật…",
    "Back to &dry-run": "Quay lại &mô phỏng",
    # ticket
    "Exchange": "Sở GD",
    "Side": "Mua/Bán",
    "Buy": "Mua",
    "Sell": "Bán",
    "BUY": "MUA",
    "SELL": "BÁN",
    "Ref": "TC",
    "Ceiling": "Trần",
    "Floor": "Sàn",
    "Type an order to see the pre-trade checks.": "Nhập lệnh để xem kiểm tra trước giao dịch.",
    "Enter a symbol.": "Nhập mã chứng khoán.",
    "No price data for this symbol.": "Chưa có dữ liệu giá cho mã này.",
    "All pre-trade checks passed.": "Mọi kiểm tra trước giao dịch đều đạt.",
    "Prices as of {day} (last close {price})": "Giá ngày {day} (đóng cửa gần nhất {price})",
    "Value {v} + fee {f} + tax {t} VND": "Giá trị {v} + phí {f} + thuế {t} đ",
    "{n} check(s) failed: {first}": "{n} kiểm tra không đạt: {first}",
    "Confirm LIVE order": "Xác nhận lệnh THẬT",
    "I have checked this order and want to send it to my broker":
        "Tôi đã kiểm tra lệnh này và muốn gửi tới công ty chứng khoán",
    "Send LIVE order": "Gửi lệnh THẬT",
    "LIVE order — real money": "Lệnh THẬT — tiền thật",
    "Value": "Giá trị",
    "Fee": "Phí",
    "Select an open order to cancel.": "Chọn một lệnh chờ để hủy.",
    "{side} {qty} {sym}: {status} {reason}": "{side} {qty} {sym}: {status} {reason}",
    "Order {id}: {status}": "Lệnh {id}: {status}",
    # order tables and statuses
    "Time": "Thời gian",
    "Qty": "KL",
    "Price": "Giá",
    "Filled": "KL khớp",
    "Avg": "Giá khớp TB",
    "Status": "Trạng thái",
    "Reason": "Lý do",
    "From": "Từ",
    "To": "Sang",
    "Source": "Nguồn",
    "ui": "giao diện",
    "cli": "dòng lệnh",
    "broker": "công ty CK",
    "system": "hệ thống",
    "waiting to match": "chờ khớp",
    "refused by the checks": "bị chặn khi kiểm tra",
    "sent": "đã gửi",
    "filled": "đã khớp",
    "cancelled": "đã hủy",
    "rejected by the broker": "bị từ chối",
    "expired": "hết hiệu lực",
    "not sent (failed)": "gửi thất bại",
    "unknown, being checked at the broker": "chưa rõ, đang kiểm tra với công ty CK",
    # portfolio
    "Total": "Tổng KL",
    "Sellable": "KL được bán",
    "Pending T+2": "Chờ về (T+2)",
    "Avg cost": "Giá vốn",
    "Last": "Giá khớp",
    "Market value": "Giá trị thị trường",
    "Unrealised": "Lãi/lỗ chưa thực hiện",
    "Realised": "Lãi/lỗ đã thực hiện",
    "Today": "Hôm nay",
    "Weight": "Tỷ trọng",
    "Cash": "Tiền mặt",
    "Buying power": "Sức mua",
    "Equity": "Tài sản ròng",
    "Unrealised P&L": "Lãi/lỗ chưa thực hiện",
    "Realised P&L": "Lãi/lỗ đã thực hiện",
    "Today's P&L": "Lãi/lỗ hôm nay",
    "Fees paid": "Phí đã trả",
    "Sell tax paid": "Thuế bán đã nộp",
    "not synced": "chưa đồng bộ",
    "Synced": "Đã đồng bộ",
    "Stale": "Cũ",
    "Refresh": "Làm mới",
    "Refresh failed: {why}": "Làm mới thất bại: {why}",
    "Reconciliation with a broker account applies in live mode; this profile trades on the "
    "dry-run ledger.":
        "Đối chiếu với tài khoản ở công ty chứng khoán chỉ áp dụng khi giao dịch thật; hồ sơ "
        "này giao dịch trên sổ mô phỏng.",
    "{source} · last update {when} · prices as of {day}":
        "{source} · cập nhật lúc {when} · giá ngày {day}",
    "dry-run ledger": "sổ mô phỏng",
    "SSI FastConnect": "SSI FastConnect",
    "Allocation (% of market value)": "Phân bổ (% giá trị thị trường)",
    "Equity at the open (million VND)": "Tài sản đầu phiên (triệu đồng)",
    "no reconciliation with the broker has run yet":
        "chưa đối chiếu với công ty chứng khoán lần nào",
    # screener
    "A universe, a saved list, or symbols like FPT,VCB,HPG":
        "Một rổ, một danh sách đã lưu, hoặc các mã như FPT,VCB,HPG",
    "Not run yet.": "Chưa chạy.",
    "Starting…": "Đang bắt đầu…",
    "Cancelling…": "Đang hủy…",
    "Stage: {stage}": "Bước: {stage}",
    "Score": "Điểm",
    "Confidence": "Độ tin cậy",
    "Size (shares)": "KL đề xuất (cp)",
    "Value (m VND)": "Giá trị (triệu đ)",
    "Agents used": "Tác tử đã dùng",
    "abstained": "không đánh giá",
    "technical": "kỹ thuật",
    "fundamental": "cơ bản",
    "news": "tin tức",
    "risk": "rủi ro",
    "Symbol": "Mã CK",
    # wizard
    "< &Back": "< &Quay lại",
    "&Next >": "&Tiếp >",
    "&Finish": "&Hoàn tất",
    "Commit": "Xác nhận",
    "OS keychain": "Kho khóa của hệ điều hành",
    "{name} at {url}: {n} model(s); chose {model}":
        "{name} tại {url}: {n} mô hình; đã chọn {model}",
    "SSI FastConnect ConsumerID": "ConsumerID của SSI FastConnect",
    "SSI FastConnect ConsumerSecret": "ConsumerSecret của SSI FastConnect",
    "SSI trading account": "Tài khoản giao dịch SSI",
    "SSI order verification (PIN or OTP)": "Cách xác thực lệnh SSI (PIN hoặc OTP)",
    "SSI trading PIN": "Mã PIN giao dịch SSI",
    "SSI FastConnect Data ConsumerID": "ConsumerID của SSI FastConnect Data",
    "SSI FastConnect Data ConsumerSecret": "ConsumerSecret của SSI FastConnect Data",
    "AI endpoint URL (OpenAI-compatible)": "Địa chỉ máy chủ AI (tương thích OpenAI)",
    "AI model": "Mô hình AI",
    "AI API key": "Khóa API của AI",
    "Telegram bot token": "Mã token của bot Telegram",
    "Telegram chat id": "Mã cuộc trò chuyện Telegram (chat id)",
    "vnstock API key": "Khóa API vnstock",
    "AI provider": "Nhà cung cấp AI",
}

VI_GUI.update({
    "A passphrase needs at least {n} characters.": "Cụm mật khẩu cần ít nhất {n} ký tự.",
    "The two passphrases differ.": "Hai cụm mật khẩu không giống nhau.",
    "no OS keychain is available (headless session, or no Secret Service running)":
        "máy không có kho khóa của hệ điều hành (phiên không có màn hình, hoặc dịch vụ Secret "
        "Service không chạy)",
    "no OS keychain is available (the keyring chain is empty)":
        "máy không có kho khóa của hệ điều hành (chuỗi keyring trống)",
    "SSI FastConnect private key": "Khóa bí mật SSI FastConnect",
})
VI_GUI.update({
    "OK": "ĐẠT",
    "FAILED": "KHÔNG ĐẠT",
    "SKIPPED": "BỎ QUA",
})
VI_GUI.update({
    # typed prices (ui/orders/price_input.py)
    "Prices are typed in thousands of VND: for {vnd} VND type {hint}.":
        "Giá nhập theo nghìn đồng: với {vnd} đ hãy nhập {hint}.",
    "Use a dot for decimals: for {text} thousand VND type {fixed}.":
        "Dùng dấu chấm cho phần thập phân: với {text} nghìn đồng hãy nhập {fixed}.",
    "'{text}' is not a price: type it in thousands of VND, e.g. 95.3 for 95,300 VND.":
        "'{text}' không phải là giá: hãy nhập theo nghìn đồng, ví dụ 95.3 cho 95,300 đ.",
    "A price must be above zero.": "Giá phải lớn hơn 0.",
    "{text} is finer than 1 VND: prices have at most three decimals in thousands of VND.":
        "{text} lẻ hơn 1 đồng: giá theo nghìn đồng có tối đa ba chữ số thập phân.",
    "{text} thousand VND is {vnd} VND a share: prices are typed in thousands, so {text} VND "
    "is {hint}.": "{text} nghìn đồng là {vnd} đ một cổ phiếu: giá nhập theo nghìn đồng, nên "
                  "{text} đ là {hint}.",
    "in thousands of VND, e.g. 95.3": "nghìn đồng, ví dụ 95.3",
    "Price (thousand VND)": "Giá (nghìn đ)",
    "{side} {qty} {sym}{at} ({type}, {exchange})": "{side} {qty} {sym}{at} ({type}, {exchange})",
    "{v} VND": "{v} đ",
})
VI_GUI.update({
    # status bar
    "Pre-open": "Trước giờ mở cửa",
    "Continuous": "Liên tục",
    "Lunch break": "Nghỉ trưa",
    "Closed": "Đóng cửa",
    "{exchange} {phase} · {next} in {left}": "{exchange} {phase} · {next} sau {left}",
    "{n} min": "{n} phút",
    "{n} h": "{n} giờ",
    "{n} days": "{n} ngày",
    "Vietnam time (the exchanges' clock)": "Giờ Việt Nam (giờ của các sở giao dịch)",
    "Prices: bundled data": "Giá: dữ liệu có sẵn",
    "No price feed runs in this window: prices are the newest stored daily bars.":
        "Cửa sổ này không chạy luồng giá: giá là phiên ngày gần nhất đã lưu.",
    "Prices: {state}": "Giá: {state}",
    "live": "trực tuyến",
    "connecting": "đang kết nối",
    "polling": "lấy định kỳ",
    "old prices": "giá cũ",
    "replay": "phát lại",
    "{age} old": "cũ {age}",
})

# the window's strings by area, one module each (their keys do not overlap)
from .vi_gui_help import VI_GUI_HELP  # noqa: E402

VI_GUI.update(VI_GUI_HELP)

from .vi_gui_orders import VI_GUI_ORDERS  # noqa: E402

VI_GUI.update(VI_GUI_ORDERS)

from .vi_gui_screener import VI_GUI_SCREENER  # noqa: E402

VI_GUI.update(VI_GUI_SCREENER)

from .vi_gui_wizard import VI_GUI_WIZARD  # noqa: E402

VI_GUI.update(VI_GUI_WIZARD)
