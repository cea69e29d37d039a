"""Vietnamese of the price board, the depth beside the ticket and the charts (source:
English). Board words as VN boards say them: Mã, TC, Trần, Sàn, Dư mua / Dư bán, Khớp, KL."""

VI_BOARD: dict[str, str] = {
    # the tab and its toolbar
    "Price board": "Bảng giá",
    "List": "Danh sách",
    "My watchlist": "Danh mục theo dõi",
    "Industry: {name}": "Ngành: {name}",
    "Exchange: {name}": "Sàn: {name}",
    "Add a symbol, e.g. FPT": "Thêm mã, ví dụ FPT",
    "Add": "Thêm",
    "Remove": "Xóa",
    "Move up": "Lên",
    "Move down": "Xuống",
    "New list…": "Danh sách mới…",
    "New list": "Danh sách mới",
    "Name of the new list": "Tên danh sách mới",
    "This list is empty: type a symbol above and press Add, or pick another list.":
        "Danh sách trống: gõ mã ở trên rồi bấm Thêm, hoặc chọn danh sách khác.",
    "Built-in lists cannot be edited: pick one of your lists.":
        "Không sửa được danh sách có sẵn: hãy chọn một danh sách của bạn.",
    "{symbol} is not in the listing.": "{symbol} không có trong danh sách niêm yết.",
    "{symbol} is already on this list.": "{symbol} đã có trong danh sách này.",
    "HNX30 members are not in the bundled listing: add them with "
    "`tradingtools universe add HNX30 SYMBOLS`.":
        "Dữ liệu kèm theo chưa có thành phần rổ HNX30: thêm bằng lệnh "
        "`tradingtools universe add HNX30 MÃ...`.",
    "The default watchlist cannot be deleted": "Không xóa được danh mục theo dõi mặc định",
    # where the prices come from
    "Live prices.": "Giá trực tuyến.",
    "Prices polled every few seconds (no live stream).":
        "Giá cập nhật vài giây một lần (không có luồng trực tuyến).",
    "Connecting to the price feed…": "Đang kết nối nguồn giá…",
    "Replaying a past session.": "Đang phát lại một phiên cũ.",
    "Old prices: the newest daily bars, of {day}. Not live.":
        "Giá cũ: phiên gần nhất đã lưu, ngày {day}. Không phải giá trực tuyến.",
    "No prices yet.": "Chưa có giá.",
    # columns (header group, then title)
    "Ref": "TC",
    "Ceiling": "Trần",
    "Floor": "Sàn",
    "Bids": "Dư mua",
    "Asks": "Dư bán",
    "Matched": "Khớp",
    "Price": "Giá",
    "Vol": "KL",
    "P1": "Giá 1",
    "P2": "Giá 2",
    "P3": "Giá 3",
    "V1": "KL 1",
    "V2": "KL 2",
    "V3": "KL 3",
    "Total vol": "Tổng KL",
    "High": "Cao",
    "Low": "Thấp",
    "Foreign": "ĐTNN",
    "Buy": "Mua",
    "Sell": "Bán",
    "Room": "Còn lại",
    "Ticker": "Mã",
    "Price in thousands of VND (95.30 = 95,300 VND)":
        "Giá tính bằng nghìn đồng (95.30 = 95.300 đ)",
    "Shares": "Cổ phiếu",
    "Change against the reference price, thousands of VND":
        "Thay đổi so với giá tham chiếu, nghìn đồng",
    "Change against the reference price, percent": "Thay đổi so với giá tham chiếu, phần trăm",
    # industries of the bundled listing (ICB supersectors)
    "Automobiles & Parts": "Ô tô và phụ tùng",
    "Banks": "Ngân hàng",
    "Basic Resources": "Tài nguyên cơ bản",
    "Chemicals": "Hóa chất",
    "Construction & Materials": "Xây dựng và vật liệu",
    "Financial Services": "Dịch vụ tài chính",
    "Food & Beverage": "Thực phẩm và đồ uống",
    "Health Care": "Y tế",
    "Media": "Truyền thông",
    "Industrial Goods & Services": "Hàng hóa và dịch vụ công nghiệp",
    "Insurance": "Bảo hiểm",
    "Oil & Gas": "Dầu khí",
    "Personal & Household Goods": "Hàng cá nhân và gia dụng",
    "Real Estate": "Bất động sản",
    "Retail": "Bán lẻ",
    "Technology": "Công nghệ thông tin",
    "Telecommunications": "Viễn thông",
    "Travel & Leisure": "Du lịch và giải trí",
    "Utilities": "Tiện ích",
}

VI_BOARD.update({
    # depth and last trades beside the ticket
    "Depth and trades": "Độ sâu thị trường và khớp lệnh",
    "Type a symbol on the ticket to see its depth.":
        "Nhập mã trên phiếu lệnh để xem dư mua / dư bán.",
    "No prices for {symbol}.": "Chưa có giá của {symbol}.",
    "Bid vol": "KL mua",
    "Bid": "Giá mua",
    "Ask": "Giá bán",
    "Ask vol": "KL bán",
    "Time": "Thời gian",
    "Last trades": "Khớp lệnh gần nhất",
    "No order book: the newest daily bars have none. Depth shows when a live price feed is "
    "connected (SSI FastConnect Data key in Setup).":
        "Chưa có sổ lệnh: dữ liệu ngày không có dư mua / dư bán. Sổ lệnh hiện khi có nguồn "
        "giá trực tuyến (khóa SSI FastConnect Data trong Thiết lập).",
    "The order book is empty.": "Sổ lệnh trống.",
    "(old: daily bar of {day})": "(giá cũ: phiên ngày {day})",
    "No trades yet for {symbol}: matched trades show here while a live feed runs.":
        "Chưa có lệnh khớp của {symbol}: lệnh khớp hiện ở đây khi có nguồn giá trực tuyến.",
})

VI_BOARD.update({
    # order tables' headers (ui/orders/tables.py)
    "Qty": "KL",
    "Filled": "Đã khớp",
    "Avg": "Giá TB",
    "Status": "Trạng thái",
    "Reason": "Lý do",
})

VI_BOARD.update({
    # charts
    "Pick a row of the board, or an index above, to chart it.":
        "Chọn một dòng của bảng giá, hoặc một chỉ số ở trên, để xem biểu đồ.",
    "Pick a result to see its chart.": "Chọn một kết quả để xem biểu đồ.",
    "Daily": "Ngày",
    "1 min": "1 phút",
    "5 min": "5 phút",
    "No daily bars for {symbol}. Import them with `tradingtools data import` or fetch them "
    "with `tradingtools data fetch`.":
        "Chưa có dữ liệu ngày của {symbol}. Nhập bằng `tradingtools data import` hoặc tải "
        "bằng `tradingtools data fetch`.",
    "{symbol} — daily, {n} bars to {day} (x1,000 VND)":
        "{symbol} — theo ngày, {n} phiên đến {day} (x1.000 đ)",
    "; today's bar forms from the live quote": "; nến hôm nay theo giá trực tuyến",
    "No trades for {symbol} yet: {n}-minute bars are built from the live feed's trades. "
    "Connect a price feed (SSI FastConnect Data key in Setup) during a session.":
        "Chưa có lệnh khớp của {symbol}: nến {n} phút được dựng từ lệnh khớp của nguồn giá "
        "trực tuyến. Hãy kết nối nguồn giá (khóa SSI FastConnect Data trong Thiết lập) "
        "trong phiên giao dịch.",
    "{symbol} — {n}-minute bars from the feed's trades (x1,000 VND)":
        "{symbol} — nến {n} phút từ lệnh khớp (x1.000 đ)",
    "No bars for {name}.": "Chưa có dữ liệu của {name}.",
    "{name} — daily, {n} sessions to {day} (points)":
        "{name} — theo ngày, {n} phiên đến {day} (điểm)",
})

VI_BOARD.update({
    "M": "tr",  # millions of shares on a volume axis (triệu)
    "K": "N",  # thousands (nghìn)
})
