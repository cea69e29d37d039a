"""Vietnamese of the Help menu: keyboard shortcuts, the glossary and About.
"""

VI_GUI_HELP: dict[str, str] = {
    # help menu
    "Keyboard shortcuts": "Phím tắt",
    "Keyboard &shortcuts": "&Phím tắt",
    "&Glossary": "&Thuật ngữ",
    "&About TradingTools": "&Giới thiệu TradingTools",
    "Glossary": "Thuật ngữ",
    "About TradingTools": "Giới thiệu TradingTools",
    "Close": "Đóng",
    "Buy: the order ticket, side Buy, cursor in the symbol":
        "Mua: mở phiếu lệnh, chiều Mua, con trỏ ở ô mã",
    "Sell: the order ticket, side Sell, cursor in the symbol":
        "Bán: mở phiếu lệnh, chiều Bán, con trỏ ở ô mã",
    "Place the order on the ticket (after its confirm step, when there is one)":
        "Đặt lệnh trên phiếu (sau bước xác nhận, nếu có)",
    "Clear the order ticket": "Xóa phiếu lệnh",
    "Kill switch: halt trading and cancel every open order":
        "Ngắt khẩn cấp: dừng giao dịch và hủy mọi lệnh chờ",
    "Setup, Portfolio, Orders, Screener": "Thiết lập, Danh mục, Lệnh, Sàng lọc",
    "The screener's view of a symbol from -1 (sell) to +1 (buy), combining the technical, "
    "fundamental and news agents; near 0 means no clear view.":
        "Đánh giá của bộ sàng lọc về một mã, từ -1 (bán) tới +1 (mua), gộp các tác tử kỹ "
        "thuật, cơ bản và tin tức; gần 0 là chưa rõ xu hướng.",
    "How much the agents agree and how much data they had, from 0 to 100 %. A high score "
    "with a low confidence is a weak signal.":
        "Mức đồng thuận của các tác tử và lượng dữ liệu có được, từ 0 tới 100 %. Điểm cao "
        "mà độ tin cậy thấp là tín hiệu yếu.",
    "Dry-run": "Mô phỏng",
    "Practice mode: orders are simulated against real prices, with fees, tax and T+2; "
    "nothing is sent to a broker and no money moves.":
        "Chế độ luyện tập: lệnh được mô phỏng theo giá thật, có phí, thuế và T+2; không "
        "lệnh nào được gửi tới công ty chứng khoán, không có tiền thật.",
    "Shares bought today arrive in your account two trading days later; only then can you "
    "sell them.": "Cổ phiếu mua hôm nay về tài khoản sau hai ngày giao dịch; khi đó mới bán "
                  "được.",
    "TC / Trần / Sàn": "TC / Trần / Sàn",
    "Reference, ceiling and floor: today's reference price and the highest and lowest "
    "prices the exchange accepts (HOSE ±7 %, HNX ±10 %, UPCOM ±15 %).":
        "Tham chiếu, trần và sàn: giá tham chiếu hôm nay và giá cao nhất, thấp nhất sở giao "
        "dịch chấp nhận (HOSE ±7 %, HNX ±10 %, UPCOM ±15 %).",
    "Kill switch": "Ngắt khẩn cấp",
    "Stops all new orders and cancels the open ones at once; Resume in the Trading menu "
    "ends it.": "Chặn mọi lệnh mới và hủy ngay các lệnh chờ; chọn Tiếp tục giao dịch trong "
                "menu Giao dịch để kết thúc.",
    "Trading on HOSE, HNX and UPCOM from your own machine, in dry-run or live on SSI "
    "FastConnect.": "Giao dịch trên HOSE, HNX và UPCOM từ máy của bạn, mô phỏng hoặc thật "
                    "qua SSI FastConnect.",
    "Your keys stay in this machine, encrypted; orders, audit and screener runs are in the "
    "data folder.": "Khóa của bạn được mã hóa và chỉ nằm trên máy này; lệnh, nhật ký và các "
                    "lần sàng lọc nằm trong thư mục dữ liệu.",
}
VI_GUI_HELP.update({"Dismiss": "Ẩn"})
