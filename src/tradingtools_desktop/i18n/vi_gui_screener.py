"""Vietnamese of the Screener tab: the chart caption, stances, agents and the run's
progress words.
"""

VI_GUI_SCREENER: dict[str, str] = {
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
}
VI_GUI_SCREENER.update({
    "Done.": "Xong.",
    "Cancelled.": "Đã hủy.",
    "Failed: {why}": "Thất bại: {why}",
    "loading data": "đang tải dữ liệu",
    "news sentiment": "đánh giá tin tức",
    "AI synthesis": "tổng hợp bằng AI",
    "supervisor": "tổng hợp",
    "done": "xong",
})
