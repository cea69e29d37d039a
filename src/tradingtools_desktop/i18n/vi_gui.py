"""Vietnamese of the window's own strings (menus, tabs, tables, ticket, dialogs, wizard).

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
    "in thousands of VND, e.g. 95.3": "nghìn đồng, ví dụ 95,3",
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
    "SSI FastConnect private key": "Khóa bí mật (private key) SSI FastConnect",
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
VI_GUI.update({
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
    "Score": "Điểm",
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
})
VI_GUI.update({"Dismiss": "Ẩn"})
VI_GUI.update({
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
})
VI_GUI.update({
    "Market value (VND)": "Giá trị TT (đ)",
    "Unrealised (VND)": "Lãi/lỗ chưa TH (đ)",
    "Realised (VND)": "Lãi/lỗ đã TH (đ)",
    "Today (VND)": "Hôm nay (đ)",
    "Buy more": "Mua thêm",
    "Select a position first.": "Hãy chọn một mã trong danh mục trước.",
})
VI_GUI.update({
    # screener
    "{symbol} — daily, last {n} sessions to {day} (thousand VND)":
        "{symbol} — theo ngày, {n} phiên gần nhất tới {day} (nghìn đ)",
    "no view (every agent abstained)": "chưa có nhận định (mọi tác tử đều không đánh giá)",
    "leans positive": "nghiêng về tích cực",
    "leans negative": "nghiêng về tiêu cực",
    "is mixed": "trung tính",
    "{symbol} {stance}: score {score}, confidence {confidence}.":
        "{symbol} {stance}: điểm {score}, độ tin cậy {confidence}.",
    "The {agent} agent did not judge this stock.": "Tác tử {agent} không đánh giá mã này.",
    "The {agent} agent {stance} ({score}, confidence {confidence}).":
        "Tác tử {agent} {stance} ({score}, độ tin cậy {confidence}).",
    "Suggested size {qty} shares (about {value}); a stop near {stop}, two ATR below {price}.":
        "Khối lượng đề xuất {qty} cổ phiếu (khoảng {value}); cắt lỗ quanh {stop}, thấp hơn "
        "{price} hai lần ATR.",
    "No size is suggested: the score does not favour a buy. A stop would sit near {stop}.":
        "Không đề xuất khối lượng: điểm không ủng hộ mua. Mức cắt lỗ sẽ quanh {stop}.",
    "Risk flags lower the score ({score}).": "Các cảnh báo rủi ro làm giảm điểm ({score}).",
    "Last close": "Giá đóng cửa gần nhất",
    "RSI 14": "RSI 14",
    "MACD histogram": "Biểu đồ MACD",
    "ATR (% of price)": "ATR (% giá)",
    "Volume vs 20-day average": "KL so với trung bình 20 phiên",
    "Traded value a day (20 days)": "Giá trị giao dịch mỗi phiên (20 phiên)",
    "ATR 14": "ATR 14",
    "Stop distance (2 x ATR)": "Khoảng cắt lỗ (2 x ATR)",
    "Volatility a year": "Biến động mỗi năm",
    "Drawdown from the 1-year high": "Sụt giảm từ đỉnh 1 năm",
    "Risk budget": "Ngân sách rủi ro",
    "Suggested size (shares)": "KL đề xuất (cp)",
    "sector median": "trung vị ngành",
    "Agent": "Tác tử",
    "Measure": "Chỉ số",
    "Evidence": "Bằng chứng",
    "Details": "Chi tiết",
    "Pick a row to read why it scored as it did.":
        "Chọn một dòng để xem vì sao mã đó có điểm như vậy.",
    "No results yet: choose a universe and press Run, or open a past run. The chart of the "
    "row you pick shows here.": "Chưa có kết quả: chọn một rổ rồi bấm Chạy, hoặc mở một lần "
                                "chạy trước. Biểu đồ của dòng bạn chọn hiện ở đây.",
    "This run has no results: try a wider universe, or check that prices are loaded (Setup).":
        "Lần chạy này không có kết quả: thử một rổ rộng hơn, hoặc kiểm tra dữ liệu giá "
        "(Thiết lập).",
    "No price history for {symbol}: load prices in Setup or pick another row.":
        "Chưa có lịch sử giá của {symbol}: tải dữ liệu giá trong Thiết lập hoặc chọn dòng khác.",
    "{universe}: {n} symbols, prices as of {as_of}.": "{universe}: {n} mã, giá ngày {as_of}.",
    "Data hash": "Mã băm dữ liệu",
    "Indicators": "Chỉ báo",
    "AI": "AI",
})
VI_GUI.update({
    # wizard
    "Language / Ngôn ngữ": "Ngôn ngữ / Language",
    "Dry-run starting cash (VND)": "Tiền mô phỏng ban đầu (đ)",
    "Practice money; it can be changed until the first dry-run order.":
        "Tiền luyện tập; đổi được cho tới lệnh mô phỏng đầu tiên.",
    "Advanced: SSI server address": "Nâng cao: địa chỉ máy chủ SSI",
    "LIVE requested (needs healthy guardrails)":
        "Đã yêu cầu giao dịch THẬT (cần mọi hàng rào an toàn tốt)",
    "none": "không có",
    "keys protected by {how}": "khóa được bảo vệ bằng {how}",
    "Keys (masked)": "Các khóa (đã che)",
    "SSI server": "Máy chủ SSI",
    "Checks": "Kiểm tra kết nối",
    "dry-run starting cash {cash}, max order {order}, max daily loss {loss} %":
        "tiền mô phỏng ban đầu {cash}, tối đa mỗi lệnh {order}, lỗ tối đa trong ngày {loss} %",
    "Setup failed: {why}": "Thiết lập thất bại: {why}",
    "the stored data": "dữ liệu đã lưu",
    "{service} failed: {why}": "{service} không đạt: {why}",
    "No internet connection to vnstock: prices stay at the bundled data of {day}. Check the "
    "network, then run the checks again.": "Không có kết nối internet tới vnstock: giá giữ "
                                           "theo dữ liệu có sẵn ngày {day}. Kiểm tra mạng rồi "
                                           "chạy lại kiểm tra.",
    "SSI FastConnect cannot be reached: check the network, or the server address under "
    "Advanced. Dry-run works without it.": "Không kết nối được SSI FastConnect: kiểm tra mạng "
                                           "hoặc địa chỉ máy chủ ở mục Nâng cao. Chế độ mô "
                                           "phỏng vẫn chạy được.",
    "SSI FastConnect Data cannot be reached: live prices are off and the newest stored prices "
    "are used. Check the network.": "Không kết nối được SSI FastConnect Data: tạm không có "
                                    "giá trực tuyến, dùng giá mới nhất đã lưu. Kiểm tra mạng.",
    "The AI server does not answer: check that it runs and its address. The screener works "
    "without AI.": "Máy chủ AI không trả lời: kiểm tra máy chủ có chạy và địa chỉ. Bộ sàng "
                   "lọc vẫn chạy được khi không có AI.",
    "Telegram cannot be reached: check the network. Alerts still show in the window.":
        "Không kết nối được Telegram: kiểm tra mạng. Cảnh báo vẫn hiện trong cửa sổ.",
    "SSI refused the key: check the ConsumerID, ConsumerSecret and private key from iBoard > "
    "API service.": "SSI từ chối khóa: kiểm tra ConsumerID, ConsumerSecret và khóa bí mật ở "
                    "iBoard > Dịch vụ API.",
    "SSI refused the FastConnect Data key: check its ConsumerID and ConsumerSecret (a "
    "separate registration from Trading).": "SSI từ chối khóa FastConnect Data: kiểm tra "
                                            "ConsumerID và ConsumerSecret của nó (đăng ký "
                                            "riêng với khóa giao dịch).",
    "The AI server refused the API key: check the key.": "Máy chủ AI từ chối khóa API: kiểm "
                                                         "tra lại khóa.",
    "Telegram refused the bot token: copy it again from @BotFather.":
        "Telegram từ chối token của bot: sao chép lại từ @BotFather.",
    "No SSI keys entered: orders stay in dry-run. Add them later in Setup.":
        "Chưa nhập khóa SSI: lệnh ở chế độ mô phỏng. Có thể thêm sau trong Thiết lập.",
    "No FastConnect Data key entered: prices come from vnstock or the stored data.":
        "Chưa nhập khóa FastConnect Data: giá lấy từ vnstock hoặc dữ liệu đã lưu.",
    "No AI server entered: the screener runs without an AI opinion.":
        "Chưa nhập máy chủ AI: bộ sàng lọc chạy không có ý kiến của AI.",
    "No bot token entered: alerts show in the window only.":
        "Chưa nhập token của bot: cảnh báo chỉ hiện trong cửa sổ.",
})
VI_GUI.update({
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
VI_GUI.update({"cancelled by the kill switch": "đã hủy do ngắt khẩn cấp"})
VI_GUI.update({"cancel requested by the kill switch": "yêu cầu hủy do ngắt khẩn cấp"})
VI_GUI.update({
    "Done.": "Xong.",
    "Cancelled.": "Đã hủy.",
    "Failed: {why}": "Thất bại: {why}",
    "loading data": "đang tải dữ liệu",
    "news sentiment": "đánh giá tin tức",
    "AI synthesis": "tổng hợp bằng AI",
    "supervisor": "tổng hợp",
    "done": "xong",
})
