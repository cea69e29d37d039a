"""Vietnamese for the market-data refresh, the listing and corporate actions (wp/refresh)."""

from __future__ import annotations

VI_REFRESH: dict[str, str] = {
    "No internet: prices are from {as_of}.":
        "Không có kết nối Internet: giá là của ngày {as_of}.",
    "The market-data provider refused the request: prices are from {as_of}.":
        "Nguồn dữ liệu thị trường từ chối yêu cầu: giá là của ngày {as_of}.",
    "The market-data provider asks us to slow down: prices are from {as_of}; try again in a "
    "minute.":
        "Nguồn dữ liệu thị trường yêu cầu giảm tần suất: giá là của ngày {as_of}; hãy thử lại "
        "sau một phút.",
    "The market data could not be updated: prices are from {as_of}.":
        "Không cập nhật được dữ liệu thị trường: giá là của ngày {as_of}.",
    "no date (the cache is empty)": "chưa có ngày nào (bộ nhớ đệm trống)",
    "Updating market data": "Đang cập nhật dữ liệu thị trường",
    "Cancelled: prices are from {as_of}.": "Đã hủy: giá là của ngày {as_of}.",
    "Market data updated to {as_of}: {bars} bars written ({source}).":
        "Đã cập nhật dữ liệu thị trường đến ngày {as_of}: ghi {bars} nến ({source}).",
    "Corporate action: {what}": "Sự kiện doanh nghiệp: {what}",
    "Update market data": "Cập nhật dữ liệu thị trường",
    "&Update market data…": "&Cập nhật dữ liệu thị trường…",
    "&Data": "&Dữ liệu",
    "Cancel": "Hủy",
    "Close": "Đóng",
    "The market data could not be updated: {why}":
        "Không cập nhật được dữ liệu thị trường: {why}",
    "Cancelling after the current batch…": "Đang hủy sau khi xong đợt hiện tại…",
    "the market": "thị trường",
    "{where} lists {listed} stocks; {with_bars} have daily bars in the cache (the others "
    "are not scored)":
        "{where} niêm yết {listed} mã cổ phiếu; {with_bars} mã có nến ngày trong bộ nhớ đệm "
        "(các mã khác không được chấm điểm)",
    "split": "chia tách",
    "stock dividend": "cổ tức bằng cổ phiếu",
    "unexplained gap": "khoảng trống giá chưa rõ",
    "Not scored: prices not adjusted for a corporate action: {items}":
        "Không chấm điểm: giá chưa điều chỉnh theo sự kiện doanh nghiệp: {items}",
}
