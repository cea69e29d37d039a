"""Vietnamese for the hardening work package: bad input, faults, storage (issue 13)."""

from __future__ import annotations

VI_HARDENING: dict[str, str] = {
    "TradingTools hit an unexpected problem ({kind}) and has to stop. Your orders are in "
    "the profile database; the details are in the profile's log file (Help > About shows "
    "the data folder).":
        "TradingTools gặp sự cố ngoài dự kiến ({kind}) và phải dừng. Lệnh của bạn vẫn nằm "
        "trong cơ sở dữ liệu của hồ sơ; chi tiết nằm trong tệp nhật ký của hồ sơ (Trợ giúp > "
        "Giới thiệu cho biết thư mục dữ liệu).",
    "error: TradingTools hit an unexpected problem ({kind}) and stopped this command.":
        "lỗi: TradingTools gặp sự cố ngoài dự kiến ({kind}) và đã dừng lệnh này.",
    " The details are in {path}.": " Chi tiết nằm trong {path}.",
    "Prices are typed in thousands of VND as the boards show them: {typed} would be {vnd} "
    "VND a share. Did you mean {meant} ({meant_vnd} VND)?":
        "Giá được nhập theo nghìn đồng như trên bảng giá: {typed} sẽ là {vnd} đồng một cổ "
        "phiếu. Ý bạn là {meant} ({meant_vnd} đồng)?",
    "The price must be a positive number in thousands of VND, e.g. 99.6 for 99,600 VND "
    "(got {typed}).":
        "Giá phải là số dương theo nghìn đồng, ví dụ 99.6 cho 99.600 đồng (đã nhập {typed}).",
    "Write the price with a dot for the decimals and no thousands separator, in thousands "
    "of VND: 99.6 means 99,600 VND (got {typed}).":
        "Viết giá với dấu chấm cho phần thập phân và không có dấu phân cách hàng nghìn, theo "
        "nghìn đồng: 99.6 là 99.600 đồng (đã nhập {typed}).",
    "The quantity must be between 1 and {most} shares (got {typed}).":
        "Khối lượng phải từ 1 đến {most} cổ phiếu (đã nhập {typed}).",
    "The quantity must be a whole number of shares (got {typed}).":
        "Khối lượng phải là số nguyên cổ phiếu (đã nhập {typed}).",
    "no display (DISPLAY and WAYLAND_DISPLAY are not set): the desktop window needs a "
    "desktop session; the tradingtools commands work without one (QT_QPA_PLATFORM=offscreen "
    "for screenshots)":
        "không có màn hình (chưa đặt DISPLAY và WAYLAND_DISPLAY): cửa sổ ứng dụng cần một "
        "phiên làm việc có màn hình; các lệnh tradingtools chạy được mà không cần (QT_QPA_PLATFORM="
        "offscreen để chụp màn hình)",
}
