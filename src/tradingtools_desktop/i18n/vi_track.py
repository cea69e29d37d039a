"""Vietnamese for the screener's track record (issue 14)."""

from __future__ import annotations

VI_TRACK: dict[str, str] = {
    "Results": "Kết quả",
    "Track record": "Lịch sử hiệu quả",
    "Monthly": "Hàng tháng",
    "Weekly": "Hàng tuần",
    "monthly": "tháng",
    "weekly": "tuần",
    "{n} sessions": "{n} phiên",
    "Compute track record": "Tính lịch sử hiệu quả",
    "From": "Từ",
    "To": "Đến",
    "Rebalance": "Tái cơ cấu",
    "Horizon": "Kỳ hạn",
    "No track record shown yet.": "Chưa hiển thị lịch sử hiệu quả.",
    "Score": "Điểm",
    "Mean rank IC": "IC thứ hạng trung bình",
    "t (Newey-West)": "t (Newey-West)",
    "Top − bottom fifth": "Nhóm 20 % đầu − cuối",
    "Hit rate": "Tỷ lệ đúng",
    "Observations": "Số quan sát",
    "Turnover": "Vòng quay",
    "Top-N growth": "Tăng trưởng nhóm N mã đầu",
    "Screener (supervisor)": "Bộ lọc (tổng hợp)",
    "Technical agent": "Tác tử kỹ thuật",
    "Fundamental agent": "Tác tử cơ bản",
    "News agent": "Tác tử tin tức",
    "Baseline: 12-1 momentum": "Mốc so sánh: đà tăng 12-1 tháng",
    "Baseline: 1-month reversal": "Mốc so sánh: đảo chiều 1 tháng",
    "Baseline: random": "Mốc so sánh: ngẫu nhiên",
    "VNINDEX": "VN-Index",
    "VN30": "VN30",
    "Universe {u}": "Danh mục {u}",
    "No track record of {u} yet: the screener's scores on it have not been measured. "
    "Compute one (it takes seconds).":
        "Chưa có lịch sử hiệu quả cho {u}: điểm của bộ lọc trên danh mục này chưa được "
        "đo. Hãy tính (chỉ mất vài giây).",
    "Cancelled.": "Đã hủy.",
    "Done: {msg}": "Xong: {msg}",
    "Track record {id} · {u} · {n} stocks · {start} to {end} · {dates} {freq} dates · net "
    "of fees and 0.1 % sell tax, bought the session after the score, T+2 · figures {hash}":
        "Lịch sử hiệu quả {id} · {u} · {n} mã · {start} đến {end} · {dates} mốc {freq} · "
        "đã trừ phí và thuế bán 0,1 %, mua phiên sau khi chấm điểm, T+2 · số liệu {hash}",
    "Supervisor weights are fixed, not fitted: every figure is out-of-sample for them.":
        "Trọng số tổng hợp cố định, không khớp theo dữ liệu: mọi số liệu đều ngoài mẫu.",
    "The universe is today's listed stocks (survivors): every top-{n} curve, the random one "
    "too, tends to beat the index; compare with the random baseline.":
        "Danh mục là các mã đang niêm yết hôm nay (còn tồn tại): mọi đường top-{n}, kể cả "
        "ngẫu nhiên, thường vượt chỉ số; hãy so với mốc ngẫu nhiên.",
    "Not in the cache, so no curve: {names}.": "Không có trong bộ nhớ đệm nên không vẽ: "
                                               "{names}.",
    "On {span} there is too little history to judge this score ({n} dates).":
        "Giai đoạn {span} có quá ít lịch sử để đánh giá điểm này ({n} mốc).",
    "mean rank IC {ic:+.3f}, t {t:.2f}, {n} {freq} dates":
        "IC thứ hạng trung bình {ic:+.3f}, t {t:.2f}, {n} mốc {freq}",
    "On {span} this score has shown no reliable edge ({figures}).":
        "Giai đoạn {span} điểm này không cho thấy lợi thế đáng tin cậy ({figures}).",
    "On {span} this score has ranked stocks better than chance ({figures}); a past edge is "
    "no promise of a future one.":
        "Giai đoạn {span} điểm này xếp hạng cổ phiếu tốt hơn ngẫu nhiên ({figures}); lợi thế "
        "trong quá khứ không đảm bảo cho tương lai.",
    "On {span} this score has pointed the wrong way ({figures}).":
        "Giai đoạn {span} điểm này chỉ sai hướng ({figures}).",
    "Confidence is the measured hit rate of similar scores in track record {id} ({start} to "
    "{end}, {h} sessions). <a href='#'>Track record of this configuration</a>":
        "Độ tin cậy là tỷ lệ đúng đo được của các điểm tương tự trong lịch sử hiệu quả {id} "
        "({start} đến {end}, {h} phiên). <a href='#'>Lịch sử hiệu quả của cấu hình này</a>",
    "No track record of this universe yet, so confidence is not measured. <a href='#'>Track "
    "record of this configuration</a>":
        "Danh mục này chưa có lịch sử hiệu quả nên độ tin cậy chưa được đo. <a href='#'>Lịch "
        "sử hiệu quả của cấu hình này</a>",
    "ALL is the {n} stocks in this profile's cache; the market lists about 1,600.":
        "ALL là {n} mã có trong bộ nhớ đệm của hồ sơ này; thị trường niêm yết khoảng 1.600 mã.",
    "; {k} random scores gave t {lo:.2f} to {hi:.2f}":
        "; {k} điểm ngẫu nhiên cho t từ {lo:.2f} đến {hi:.2f}",
    "Computed on flagged prices (possible unadjusted corporate actions): {names}.":
        "Tính trên giá bị gắn cờ (có thể chưa điều chỉnh sự kiện doanh nghiệp): {names}.",
    "Measured hit rate": "Tỷ lệ đúng đo được",
    "Risk-budget size (shares)": "KL theo ngân sách rủi ro (cp)",
    "no history": "chưa có lịch sử",
    "No track record has scores like this one: confidence is not measured.":
        "Chưa có lịch sử hiệu quả với điểm tương tự: độ tin cậy chưa được đo.",
    "{rate:.0%} (n {n:,})": "{rate:.0%} (n {n:,})",
    "Out of {n:,} past scores between {lo:+.1f} and {hi:+.1f} ({start} to {end}), {rate:.0%} "
    "picked the right side of the median {h}-session return.":
        "Trong {n:,} điểm quá khứ từ {lo:+.1f} đến {hi:+.1f} ({start} đến {end}), {rate:.0%} "
        "chọn đúng phía so với lợi nhuận trung vị {h} phiên.",
    "A clamp on what to risk (1 % of equity at a 2 x ATR stop, board lot, order and "
    "liquidity caps), not a forecast.":
        "Giới hạn mức rủi ro (1 % vốn với điểm cắt lỗ 2 x ATR, lô chẵn, trần giá trị lệnh và "
        "thanh khoản), không phải dự báo.",
}
