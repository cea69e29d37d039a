"""Vietnamese UI strings (source: English)."""

VI: dict[str, str] = {
    "Setup": "Thiết lập",
    "Portfolio": "Danh mục",
    "Orders": "Lệnh",
    "Screener": "Sàng lọc",
    "Profile: {name}": "Hồ sơ: {name}",
    "Trading: {state}": "Giao dịch: {state}",
    "Ready.": "Sẵn sàng.",
    "Opening profile…": "Đang mở hồ sơ…",
    "Active profile": "Hồ sơ đang dùng",
    "Profile": "Hồ sơ",
    "Data folder": "Thư mục dữ liệu",
    "Database schema": "Phiên bản CSDL",
    "Mode": "Chế độ",
    "Trading state": "Trạng thái giao dịch",
    "Open the setup wizard": "Mở trình thiết lập",
    "Language (applies after restart)": "Ngôn ngữ (áp dụng sau khi khởi động lại)",
    "Kill switch: halt trading and cancel open orders":
        "Ngắt khẩn cấp: dừng giao dịch và hủy lệnh đang chờ",
    "Resume trading": "Tiếp tục giao dịch",
    "Show window": "Hiện cửa sổ",
    "Quit": "Thoát",
    "Order ticket": "Phiếu lệnh",
    "Symbol": "Mã CK",
    "Exchange": "Sàn",
    "Side": "Mua/Bán",
    "Type": "Loại lệnh",
    "Quantity": "Khối lượng",
    "Price (x1,000 VND)": "Giá (x1.000 đ)",
    "Place order": "Đặt lệnh",
    "Open orders": "Lệnh chờ",
    "History": "Lịch sử",
    "Audit trail": "Nhật ký",
    "Cancel selected order": "Hủy lệnh đã chọn",
    "Universe": "Rổ cổ phiếu",
    "Run": "Chạy",
    "Cancel": "Hủy",
    "Past runs": "Lần chạy trước",
    "Send to order ticket": "Chuyển sang phiếu lệnh",
    "TradingTools setup": "Thiết lập TradingTools",
    "Profile and key protection": "Hồ sơ và bảo vệ khóa",
    "Name this profile and choose how its keys are protected.":
        "Đặt tên hồ sơ và chọn cách bảo vệ các khóa.",
    "Profile name": "Tên hồ sơ",
    "OS keychain": "Keychain của hệ điều hành",
    "Passphrase": "Cụm mật khẩu",
    "Repeat passphrase": "Nhập lại cụm mật khẩu",
    "Your keys": "Các khóa của bạn",
    "Every key is optional: without keys the app runs in dry-run on its bundled data.":
        "Khóa nào cũng không bắt buộc: không có khóa, ứng dụng chạy mô phỏng trên dữ liệu "
        "đi kèm.",
    "Connection checks": "Kiểm tra kết nối",
    "Each service is tried with the keys you entered. A failed check never blocks a "
    "dry-run start.": "Mỗi dịch vụ được thử bằng các khóa bạn nhập. Kiểm tra lỗi không chặn "
                      "việc bắt đầu ở chế độ mô phỏng.",
    "Run the checks again": "Chạy lại kiểm tra",
    "Trading mode and limits": "Chế độ giao dịch và hạn mức",
    "Dry-run (simulated orders, no broker) — recommended":
        "Mô phỏng (lệnh giả lập, không gửi sàn) — khuyến nghị",
    "Live (real orders to SSI)": "Thật (gửi lệnh tới SSI)",
    "I understand that live orders use real money and that I am responsible for them.":
        "Tôi hiểu lệnh thật dùng tiền thật và tôi chịu trách nhiệm về chúng.",
    "Max order value (VND)": "Giá trị lệnh tối đa (đ)",
    "Max daily loss (% of equity at the open)": "Lỗ tối đa trong ngày (% vốn đầu ngày)",
    "Summary": "Tóm tắt",
    "checking…": "đang kiểm tra…",
    "Find a local AI server (Ollama, LM Studio, llama.cpp)":
        "Tìm máy chủ AI cục bộ (Ollama, LM Studio, llama.cpp)",
    "No local AI server answered.": "Không có máy chủ AI cục bộ nào phản hồi.",
    "not checked yet": "chưa kiểm tra",
    # Portfolio: reconciliation with the broker
    "Reconciled": "Đã đối soát",
    "Not reconciled": "Chưa đối soát",
    "#": "#",
    "Kind": "Loại",
    "Key": "Mã",
    "Ours": "Sổ của ta",
    "Broker": "Công ty chứng khoán",
    "Why": "Lý do",
    "Since": "Từ lúc",
    "Position": "Vị thế",
    "Cash": "Tiền",
    "Open order": "Lệnh đang mở",
    "Note: why this is right (kept in the history)":
        "Ghi chú: vì sao đúng (lưu trong lịch sử)",
    "Accept the broker's side": "Chấp nhận số liệu của CTCK",
    "Mark resolved": "Đánh dấu đã xử lý",
    "The broker's account becomes the new baseline of our books; every open mismatch is "
    "accepted with it.": "Tài khoản tại CTCK trở thành mốc mới cho sổ của ta; mọi chênh lệch "
                         "đang mở được chấp nhận cùng lúc.",
    "You fixed the cause; if the difference is still there, the next reconciliation raises "
    "it again.": "Bạn đã xử lý nguyên nhân; nếu chênh lệch vẫn còn, lần đối soát sau sẽ báo "
                 "lại.",
    "{n} reconciliation mismatch(es) with the broker: live orders are blocked until each is "
    "accepted or resolved.": "{n} chênh lệch đối soát với CTCK: lệnh thật bị chặn cho đến khi "
                             "từng chênh lệch được chấp nhận hoặc xử lý.",
    "Reconciliation action failed: {why}": "Thao tác đối soát thất bại: {why}",
    # Orders: the dead-letter queue
    "Dead letters": "Lệnh lỗi chờ xử lý",
    "Open entries": "Mục đang mở",
    "All entries": "Tất cả các mục",
    "Show": "Hiển thị",
    "Refresh": "Làm mới",
    "Replay": "Thử lại",
    "Resolve…": "Xử lý…",
    "Ask the broker now; re-send only if it has no such order":
        "Hỏi CTCK ngay; chỉ gửi lại nếu CTCK chưa có lệnh này",
    "ID": "ID",
    "State": "Trạng thái",
    "Attempts": "Số lần thử",
    "Order": "Lệnh",
    "Request": "Yêu cầu",
    "Last error": "Lỗi gần nhất",
    "Next attempt": "Lần thử tới",
    "Select an entry to see its request, errors and resolution.":
        "Chọn một mục để xem yêu cầu, các lỗi và cách xử lý.",
    "Entry {id}: {state} after {n} attempt(s)": "Mục {id}: {state} sau {n} lần thử",
    "Order status": "Trạng thái lệnh",
    "Idempotency key": "Khóa chống trùng",
    "Request ID": "Mã yêu cầu (requestID)",
    "Errors": "Các lỗi",
    "Resolution": "Cách xử lý",
    "Select an open entry first.": "Hãy chọn một mục đang mở trước.",
    "Entry {id}: {state} {note}": "Mục {id}: {state} {note}",
    "A note is required to resolve an entry.": "Cần có ghi chú để xử lý một mục.",
    "Resolve dead-letter entry": "Xử lý lệnh lỗi",
    "Entry {id}: {request}. Check the order in your broker's order book, then say what you "
    "found or did. A still-pending order is closed as FAILED and never sent.":
        "Mục {id}: {request}. Hãy kiểm tra lệnh trong sổ lệnh tại CTCK, rồi ghi lại bạn thấy "
        "gì hoặc đã làm gì. Lệnh còn chờ sẽ được đóng là FAILED và không bao giờ được gửi.",
    "Note (required)": "Ghi chú (bắt buộc)",
    "Mark as resolved": "Đánh dấu đã xử lý",
    "Could not complete: {why}": "Không thực hiện được: {why}",
    # Go live (Trading menu) and the wizard's live note
    "Go &live…": "Chuyển sang giao dịch &thật…",
    "Back to &dry-run": "Quay về &mô phỏng",
    "Go live": "Giao dịch thật",
    "Live trading — real money": "Giao dịch thật — tiền thật",
    "Orders will go to your SSI account. Every guardrail must be healthy; each live order "
    "still needs its own confirmation.":
        "Lệnh sẽ được gửi tới tài khoản SSI của bạn. Mọi hàng rào an toàn phải ở trạng thái "
        "tốt; mỗi lệnh thật vẫn cần được xác nhận riêng.",
    "Check again": "Kiểm tra lại",
    "I understand that live orders use real money and that I am responsible for them":
        "Tôi hiểu rằng lệnh thật dùng tiền thật và tôi chịu trách nhiệm về chúng",
    "Switch to LIVE": "Chuyển sang THẬT",
    "Live trading stays off until every guardrail is healthy.":
        "Giao dịch thật vẫn tắt cho tới khi mọi hàng rào an toàn đều tốt.",
    "Live trading is refused until every guardrail is healthy (limits confirmed, SSI "
    "connected, portfolio reconciled, real clock). If one is not, the app starts in dry-run "
    "and says why; switch later with Trading > Go live…":
        "Giao dịch thật bị từ chối cho tới khi mọi hàng rào an toàn đều tốt (đã xác nhận hạn "
        "mức, đã kết nối SSI, danh mục đã đối chiếu, đồng hồ thật). Nếu chưa, ứng dụng khởi "
        "động ở chế độ mô phỏng và nói rõ lý do; sau đó chuyển bằng Giao dịch > Chuyển sang "
        "giao dịch thật…",
    "Equity at the open (million VND)": "Tài sản lúc mở cửa (triệu VND)",
    "SSI server address (advanced)": "Địa chỉ máy chủ SSI (nâng cao)",
    "Advanced, optional. Empty = SSI's own server ({url}). For practice, the SSI simulator "
    "on this machine: http://127.0.0.1:8765":
        "Nâng cao, không bắt buộc. Để trống = máy chủ của SSI ({url}). Để luyện tập, dùng "
        "trình mô phỏng SSI trên máy này: http://127.0.0.1:8765",
    "Set by {var}, which wins over this field.":
        "Đặt bởi {var}, biến này được ưu tiên hơn ô này.",
    "Not a usable SSI address: {why}": "Địa chỉ SSI không dùng được: {why}",
    # the trading-code dialog and prompt (SSI asks for an OTP or the trading PIN)
    "Trading code": "Mã giao dịch",
    "SSI needs your trading PIN to send this order.":
        "SSI cần mã PIN giao dịch của bạn để gửi lệnh này.",
    "Your SSI trading session has expired: SSI needs a new OTP to send this order.":
        "Phiên giao dịch SSI của bạn đã hết hạn: SSI cần mã OTP mới để gửi lệnh này.",
    "SSI needs a one-time code (OTP) to send this order.":
        "SSI cần mã xác thực một lần (OTP) để gửi lệnh này.",
    "SSI has sent you a code by SMS, e-mail or the Smart OTP app.":
        "SSI đã gửi mã cho bạn qua SMS, e-mail hoặc ứng dụng Smart OTP.",
    "A code was sent a moment ago: type that one, or ask for a new one in {s} s.":
        "Một mã vừa được gửi: hãy nhập mã đó, hoặc yêu cầu mã mới sau {s} giây.",
    "Type the code SSI sent you, or ask for a new one.":
        "Hãy nhập mã SSI đã gửi cho bạn, hoặc yêu cầu mã mới.",
    "SSI refused the code: {why}": "SSI từ chối mã: {why}",
    "Trading PIN": "Mã PIN giao dịch",
    "OTP code": "Mã OTP",
    "Send order with this code": "Gửi lệnh với mã này",
    "Send me a new code": "Gửi cho tôi mã mới",
    "A new code is on its way.": "Mã mới đang được gửi tới bạn.",
    "You can ask for a new code in {s} s.": "Bạn có thể yêu cầu mã mới sau {s} giây.",
    "SSI did not send a code: {why}": "SSI không gửi mã: {why}",
    "OTP code (Enter alone cancels, r + Enter sends a new code): ":
        "Mã OTP (chỉ nhấn Enter để hủy, r + Enter để nhận mã mới): ",
    "Trading PIN (Enter alone cancels): ": "Mã PIN giao dịch (chỉ nhấn Enter để hủy): ",
    "SSI needs a trading code (OTP or PIN) and there is no terminal to ask on, so nothing "
    "was sent. Run the command in a terminal, or use the desktop app.":
        "SSI cần mã giao dịch (OTP hoặc PIN) nhưng không có cửa sổ dòng lệnh để hỏi, nên "
        "không có gì được gửi. Hãy chạy lệnh trong cửa sổ dòng lệnh, hoặc dùng ứng dụng "
        "trên máy tính.",
    "SSI FastConnect: this session may trade until {when}.":
        "SSI FastConnect: phiên này được phép giao dịch tới {when}.",
    # order statuses as a user reads them (domain.orders.STATUS_TEXT)
    "unknown, being checked at the broker": "chưa rõ, đang kiểm tra với công ty chứng khoán",
    "being sent": "đang gửi",
    "change sent, waiting for the broker": "đã gửi sửa lệnh, chờ công ty chứng khoán",
    "cancel sent, waiting for the broker": "đã gửi hủy lệnh, chờ công ty chứng khoán",
    "partly filled": "khớp một phần",
    "Order outcome unknown": "Chưa rõ kết quả lệnh",
    # the SSI FastConnect Data feed's states (market/ssi_data/feed.py DETAILS), shown with tr()
    "Connecting to the SSI price stream.": "Đang kết nối luồng giá SSI.",
    "SSI price stream live.": "Luồng giá SSI đang chạy trực tuyến.",
    "SSI price stream open; no exchange is trading now.":
        "Luồng giá SSI đang mở; hiện không sàn nào giao dịch.",
    "SSI price stream dropped; reconnecting.": "Luồng giá SSI bị ngắt; đang kết nối lại.",
    "SSI price stream silent; prices polled from SSI every few seconds.":
        "Luồng giá SSI im lặng; giá được lấy từ SSI vài giây một lần.",
    "SSI price stream down; prices polled from SSI every few seconds.":
        "Luồng giá SSI không hoạt động; giá được lấy từ SSI vài giây một lần.",
    "SSI refused the FastConnect Data key; prices are from the newest bars.":
        "SSI từ chối khóa FastConnect Data; giá lấy từ phiên gần nhất đã lưu.",
    "SSI cannot be reached; prices are from the newest bars.":
        "Không kết nối được SSI; giá lấy từ phiên gần nhất đã lưu.",
}
from .vi_quotes import VI_QUOTES  # noqa: E402 - wp/quotes strings

VI.update(VI_QUOTES)

from .vi_tape import VI_TAPE  # noqa: E402  (wp/tape: dry-run tape and market replay)

VI.update(VI_TAPE)

from .vi_stream import VI_STREAM  # noqa: E402

VI.update(VI_STREAM)

from .vi_hardening import VI_HARDENING  # noqa: E402

VI.update(VI_HARDENING)

from .vi_board import VI_BOARD  # noqa: E402

VI.update(VI_BOARD)
from .vi_refresh import VI_REFRESH  # noqa: E402

VI.update(VI_REFRESH)

from .vi_track import VI_TRACK  # noqa: E402

VI.update(VI_TRACK)

from .vi_gui import VI_GUI  # noqa: E402

VI.update(VI_GUI)
from .vi_risk import VI_RISK  # noqa: E402

VI.update(VI_RISK)

from .vi_ratios import VI_RATIOS  # noqa: E402  (data ratios: fundamentals from vnstock)

VI.update(VI_RATIOS)
from .vi_oldrows import VI_OLDROWS  # noqa: E402  (old prices on the board and the depth)

VI.update(VI_OLDROWS)
from .vi_fitted import VI_FITTED  # noqa: E402  (the track record's fitted supervisor)

VI.update(VI_FITTED)
from .vi_feedgaps import VI_FEEDGAPS  # noqa: E402  (--replay DATE, old index strip, screener price)

VI.update(VI_FEEDGAPS)
from .vi_cli import VI_CLI  # noqa: E402  (the tradingtools commands: messages, help, doctor)

VI.update(VI_CLI)
