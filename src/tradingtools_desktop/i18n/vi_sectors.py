"""Vietnamese names of the ICB sectors the bundled listing uses (the board's industry lists).

The Vietnamese is the listing source's own (vnstock-js ``vnstockjs_vci_symbols.json``,
Apache-2.0: its ``sector`` beside ``sectorEn``), the most common for each English name."""

VI_SECTORS: dict[str, str] = {
    "Automobiles & Parts": "Ô tô và phụ tùng",
    "Banks": "Ngân hàng",
    "Basic Resources": "Tài nguyên cơ bản",
    "Chemicals": "Hóa chất",
    "Construction & Materials": "Xây dựng và vật liệu",
    "Financial Services": "Dịch vụ tài chính",
    "Food & Beverage": "Thực phẩm và đồ uống",
    "Health Care": "Y tế",
    "Industrial Goods & Services": "Hàng và dịch vụ công nghiệp",
    "Insurance": "Bảo hiểm",
    "Media": "Truyền thông",
    "Oil & Gas": "Dầu khí",
    "Personal & Household Goods": "Hàng cá nhân và gia dụng",
    "Real Estate": "Bất động sản",
    "Retail": "Bán lẻ",
    "Technology": "Công nghệ thông tin",
    "Telecommunications": "Viễn thông",
    "Travel & Leisure": "Du lịch và giải trí",
    "Utilities": "Điện, nước và xăng dầu khí đốt",
    # the quote service's state before any feed speaks
    "no live feed": "không có nguồn giá trực tuyến",
}
