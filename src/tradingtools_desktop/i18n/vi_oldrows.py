"""Vietnamese of old prices on the board and the depth panel (source: English). The ages
themselves ("giá ngày 13/11/2025, 1 năm trước") are worded by ``i18n.ages``."""

VI_OLDROWS: dict[str, str] = {
    "(old: {age})": "(giá cũ: {age})",
    "This book is old ({age}): it is not today's session. It turns current when a live "
    "price arrives.":
        "Sổ lệnh này là giá cũ ({age}), không phải phiên hôm nay. Sổ lệnh sẽ cập nhật khi "
        "có giá trực tuyến.",
}
