"""Vietnamese for the ``tradingtools`` commands' help lines (argparse ``help=``); merged into
:data:`.vi_cli.VI_CLI`. Argparse's own words ("usage:", "error:") stay as argparse prints
them; option names, codes and examples are kept as typed."""

VI_CLI_HELP = {
    # tradingtools
    "TradingTools Desktop: headless commands.":
        "TradingTools Desktop: các lệnh chạy không cần cửa sổ.",
    "profile to use (default: the last active one)":
        "hồ sơ dùng cho lệnh này (mặc định: hồ sơ dùng gần nhất)",
    # data
    "import daily bars from CSV, show cache coverage":
        "nhập dữ liệu giá ngày từ CSV, xem độ phủ của bộ đệm",
    "import DIR/*.csv (date,open,high,low,close,volume; prices in thousands of VND)":
        "nhập DIR/*.csv (date,open,high,low,close,volume; giá theo nghìn đồng)",
    "exchange of symbols the cache does not know yet":
        "sàn của các mã bộ đệm chưa biết",
    "back-adjust the bars before a detected split / stock dividend by its ratio (default: "
    "import them as they are, flagged)":
        "điều chỉnh giá các phiên trước đợt tách cổ phiếu / chia cổ tức bằng cổ phiếu theo tỷ "
        "lệ của nó (mặc định: nhập nguyên trạng, có đánh dấu)",
    "daily bars from vnstock into the cache": "tải giá ngày từ vnstock vào bộ đệm",
    "daily bars up to the last closed session (the whole market with SSI Data keys, else "
    "vnstock)":
        "cập nhật giá ngày đến phiên đã đóng gần nhất (toàn thị trường nếu có khóa SSI Data, "
        "nếu không thì qua vnstock)",
    "VN30, HOSE, WATCHLIST, a list name or SYM1,SYM2 (default: the whole market with SSI "
    "Data, else the symbols in the cache)":
        "VN30, HOSE, WATCHLIST, tên một danh sách hoặc MÃ1,MÃ2 (mặc định: toàn thị trường "
        "nếu có SSI Data, nếu không thì các mã trong bộ đệm)",
    "coverage per symbol": "độ phủ dữ liệu theo từng mã",
    "fundamentals ratios (P/E, P/B, EPS, BVPS per quarter) from vnstock into the screener's "
    "table":
        "chỉ số cơ bản (P/E, P/B, EPS, BVPS theo quý) từ vnstock vào bảng của bộ lọc",
    # dlq
    "the dead-letter queue: orders the broker could not confirm (list, show, replay, "
    "resolve)":
        "hàng đợi lệnh lỗi: các lệnh công ty chứng khoán chưa xác nhận được (`list`, `show`, "
        "`replay`, `resolve`)",
    "open entries (RETRYING, PERMANENT_FAILURE), newest first":
        "các mục còn mở (RETRYING, PERMANENT_FAILURE), mới nhất trước",
    "also the resolved entries": "kể cả các mục đã xử lý",
    "one entry: request, error chain, resolution and the order's audit trail":
        "một mục: yêu cầu, chuỗi lỗi, cách xử lý và nhật ký của lệnh",
    "ask the broker now; re-send only if it has no such order":
        "hỏi công ty chứng khoán ngay; chỉ gửi lại khi họ không có lệnh đó",
    "mark an entry resolved with a note (a still-pending order is closed as FAILED)":
        "đánh dấu một mục đã xử lý kèm ghi chú (lệnh còn chờ sẽ được đóng là FAILED)",
    "what you checked / decided (required)": "bạn đã kiểm tra / quyết định gì (bắt buộc)",
    # doctor
    "check the environment and the profile's health":
        "kiểm tra môi trường máy và tình trạng của hồ sơ",
    "skip the connection checks": "bỏ qua kiểm tra kết nối",
    # news
    "fetch fresh headlines (vnstock) and list the news cache":
        "tải tin mới (vnstock) và liệt kê tin trong bộ đệm",
    "Company(SYM).news() for each symbol, deduplicated":
        "Company(MÃ).news() cho từng mã, bỏ tin trùng",
    "newest headlines in the cache": "các tin mới nhất trong bộ đệm",
    # order
    "check, place, cancel and follow orders": "kiểm tra, đặt, hủy và theo dõi lệnh",
    "check an order ticket (prices in thousands of VND, as the boards show them)":
        "kiểm tra một phiếu lệnh (giá theo nghìn đồng, như trên bảng giá)",
    "place an order ticket (prices in thousands of VND, as the boards show them)":
        "đặt một phiếu lệnh (giá theo nghìn đồng, như trên bảng giá)",
    "cancel an order by id (a unique prefix is enough)":
        "hủy lệnh theo mã lệnh (chỉ cần vài ký tự đầu không trùng)",
    "status of an order by id (a unique prefix is enough)":
        "trạng thái lệnh theo mã lệnh (chỉ cần vài ký tự đầu không trùng)",
    "HOSE (or HSX), HNX or UPCOM": "HOSE (hoặc HSX), HNX hoặc UPCOM",
    "limit price in thousands of VND, e.g. 99.6 = 99,600 VND (none for market types)":
        "giá giới hạn theo nghìn đồng, vd. 99.6 = 99.600 đồng (bỏ trống với lệnh thị trường)",
    "idempotency key (default: a new one)": "khóa chống trùng (mặc định: tạo khóa mới)",
    "reference price in thousands of VND (no market data needed when given)":
        "giá tham chiếu theo nghìn đồng (có giá này thì không cần dữ liệu thị trường)",
    "evaluate at this time (ISO-8601 with offset)":
        "kiểm tra tại thời điểm này (ISO-8601 có múi giờ)",
    "change a working LO order's price and/or quantity (a unique id prefix is enough)":
        "sửa giá và/hoặc khối lượng của lệnh LO đang chờ khớp (chỉ cần vài ký tự đầu của mã "
        "lệnh)",
    "new limit price in thousands of VND, e.g. 99.6":
        "giá giới hạn mới theo nghìn đồng, vd. 99.6",
    "new total quantity (above what has filled)":
        "tổng khối lượng mới (lớn hơn phần đã khớp)",
    "order history (newest first)": "sổ lệnh (mới nhất trước)",
    "only open orders": "chỉ các lệnh đang chờ",
    # portfolio
    "cash, positions and P&L (dry-run ledger, or --live)":
        "tiền, danh mục và lãi/lỗ (sổ mô phỏng, hoặc --live)",
    "the SSI FastConnect account instead of the dry-run ledger":
        "tài khoản SSI FastConnect thay cho sổ mô phỏng",
    # profile
    "profiles: list, create, switch, rename, delete, export, import, backups, restore":
        "hồ sơ: liệt kê, tạo, chuyển, đổi tên, xóa, xuất, nhập, bản sao lưu, khôi phục",
    "the profiles on this machine (* = active)": "các hồ sơ trên máy này (* = đang dùng)",
    "create a profile": "tạo một hồ sơ",
    "and make it the active one": "và dùng hồ sơ đó từ giờ",
    "make NAME the active profile": "chuyển sang dùng hồ sơ NAME",
    "rename a profile (its keys follow it)": "đổi tên hồ sơ (các khóa đi theo hồ sơ)",
    "delete a profile (a backup is kept)": "xóa một hồ sơ (vẫn giữ một bản sao lưu)",
    "do not ask for confirmation": "không hỏi xác nhận",
    "write the profile to one passphrase-encrypted file":
        "ghi hồ sơ ra một tệp mã hóa bằng cụm mật khẩu",
    "profile to export (default: --profile or the active one)":
        "hồ sơ cần xuất (mặc định: --profile hoặc hồ sơ đang dùng)",
    "also carry the vault's secrets (encrypted in the file)":
        "kèm cả các khóa bí mật trong kho khóa (được mã hóa trong tệp)",
    "read the export passphrase from the first line of stdin":
        "đọc cụm mật khẩu của tệp xuất từ dòng đầu của stdin",
    "create a new profile from an export file": "tạo hồ sơ mới từ một tệp đã xuất",
    "name of the new profile (default: the exported one)":
        "tên hồ sơ mới (mặc định: tên hồ sơ đã xuất)",
    "how the new profile's vault key is kept (default: keychain when usable)":
        "cách giữ khóa kho khóa của hồ sơ mới (mặc định: keychain của hệ điều hành nếu dùng "
        "được)",
    "the profile's database backups, newest first":
        "các bản sao lưu cơ sở dữ liệu của hồ sơ, mới nhất trước",
    "profile (default: --profile or the active one)":
        "hồ sơ (mặc định: --profile hoặc hồ sơ đang dùng)",
    "put a database backup back in place (the current database is kept as a backup first)":
        "đặt lại một bản sao lưu cơ sở dữ liệu (bản hiện tại được sao lưu trước)",
    "a number from `profile backups`, or a backup file":
        "một số thứ tự trong `profile backups`, hoặc một tệp sao lưu",
    # quote
    "the market now for some symbols (prices x1,000 VND)":
        "thị trường lúc này cho một số mã (giá x1.000 đồng)",
    "seconds to wait for a live source to answer (default 5)":
        "số giây chờ nguồn giá trực tuyến trả lời (mặc định 5)",
    "integer VND in *_vnd fields, source, time and age":
        "số đồng nguyên trong các trường *_vnd, nguồn, thời điểm và tuổi giá",
    # replay
    "practise on a past session (dry-run only)":
        "luyện tập trên một phiên đã qua (chỉ mô phỏng)",
    "the date to replay (2026-04-14 or 14/04/2026), or 'list'":
        "ngày cần phát lại (2026-04-14 hoặc 14/04/2026), hoặc 'list'",
    "1 to 60 (default 60)": "từ 1 đến 60 (mặc định 60)",
    "recorded session or intraday bars (default: recorded if any)":
        "phiên đã ghi lại hoặc nến trong ngày (mặc định: phiên đã ghi nếu có)",
    'an order to place when the session starts: "BUY MBB 1000 LO 26.55"':
        'một lệnh đặt khi phiên bắt đầu: "BUY MBB 1000 LO 26.55"',
    "first fetch these symbols' one-minute bars of the day from SSI FastConnect Data (needs "
    "its key), e.g. MBB,FPT":
        "trước tiên tải nến một phút của ngày đó cho các mã này từ SSI FastConnect Data (cần "
        "khóa của nó), vd. MBB,FPT",
    # screen
    "run the agent screener and read past runs":
        "chạy bộ lọc cổ phiếu và xem các lần chạy trước",
    "score a universe: VN30, HOSE, HNX, UPCOM, ALL, WATCHLIST, a saved list, or SYM1,SYM2":
        "chấm điểm một nhóm mã: VN30, HOSE, HNX, UPCOM, ALL, WATCHLIST, một danh sách đã lưu "
        "hoặc MÃ1,MÃ2",
    "score with what was known at this past instant (default: now), e.g. "
    "2025-11-13T15:00:00+07:00":
        "chấm điểm với những gì đã biết tại thời điểm trong quá khứ này (mặc định: bây giờ), "
        "vd. 2025-11-13T15:00:00+07:00",
    "past runs": "các lần chạy trước",
    "one run's scores": "điểm của một lần chạy",
    "re-run a stored run; exit 0 when identical":
        "chạy lại một lần chạy đã lưu; thoát 0 khi kết quả giống hệt",
    "a run's results as CSV": "kết quả một lần chạy dưới dạng CSV",
    "point-in-time walk-forward track record of the screener and naive baselines":
        "kiểm định lịch sử walk-forward tại từng thời điểm cho bộ lọc và các mốc so sánh "
        "đơn giản",
    "stocks in the top-N portfolio": "số cổ phiếu trong danh mục top-N",
    "seed of the random baseline": "hạt giống của mốc so sánh ngẫu nhiên",
    "a stored track record": "một kết quả kiểm định đã lưu",
    "re-run a track record; exit 0 when every figure is identical":
        "chạy lại một kiểm định; thoát 0 khi mọi con số giống hệt",
    # secrets
    "the profile's encrypted keys and tokens": "các khóa và token đã mã hóa của hồ sơ",
    "the secret names and where to get each": "tên các khóa bí mật và nơi lấy từng khóa",
    "names, masked values, source, last changed":
        "tên, giá trị đã che, nguồn, lần đổi gần nhất",
    "how the vault is protected": "kho khóa được bảo vệ thế nào",
    "who changed what, when (never values)": "ai đổi gì, lúc nào (không bao giờ ghi giá trị)",
    "store NAME; the value is read from stdin or a hidden prompt, never from the command "
    "line":
        "lưu NAME; giá trị được đọc từ stdin hoặc ô nhập ẩn, không bao giờ từ dòng lệnh",
    "remove NAME; services stop using it at once":
        "xóa NAME; các dịch vụ ngừng dùng nó ngay",
    "new key, every secret re-encrypted, old key destroyed":
        "khóa mới, mọi khóa bí mật được mã hóa lại, khóa cũ bị hủy",
    "move a .env file's keys into the vault": "chuyển các khóa trong tệp .env vào kho khóa",
    "set up the vault (keychain when usable)":
        "thiết lập kho khóa (dùng keychain của hệ điều hành nếu được)",
    "destroy every stored secret and the key": "hủy mọi khóa bí mật đã lưu và khóa chính",
    # settings
    "risk limits, fee rate, cash advance, extra closures":
        "hạn mức rủi ro, phí giao dịch, ứng trước tiền bán, ngày nghỉ thêm",
    "the current settings": "các thiết lập hiện tại",
    "set a limit (e.g. max_order_notional 300000000), broker_fee_bps, cash_advance or "
    "notify.fills|rejects|dlq|guardrails|reconciliation (true/false)":
        "đặt một hạn mức (vd. max_order_notional 300000000), broker_fee_bps, cash_advance "
        "hoặc notify.fills|rejects|dlq|guardrails|reconciliation (true/false)",
    "confirm the current limits (a live guardrail)":
        "xác nhận các hạn mức hiện tại (một điều kiện để giao dịch thật)",
    "add or remove an exchange-announced closure day":
        "thêm hoặc bỏ một ngày nghỉ do sở giao dịch công bố",
    "YYYY-MM-DD": "YYYY-MM-DD (năm-tháng-ngày)",
    # ssi, state, universe
    "SSI FastConnect: trading rights (OTP / PIN)": "SSI FastConnect: quyền giao dịch (OTP / PIN)",
    "log in and get the rights to trade now (OTP users type the code SSI sends); nothing is "
    "traded":
        "đăng nhập và lấy quyền giao dịch ngay (người dùng OTP nhập mã SSI gửi); không đặt "
        "lệnh nào",
    "show or change the trading state (kill switch)":
        "xem hoặc đổi trạng thái giao dịch (công tắc dừng khẩn cấp)",
    "the watchlist and custom symbol lists": "danh sách theo dõi và các danh sách mã tự tạo",
    "WATCHLIST, VN30 or a list name of your own": "WATCHLIST, VN30 hoặc tên danh sách của bạn",
}
