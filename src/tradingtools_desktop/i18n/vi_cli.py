"""Vietnamese for the ``tradingtools`` commands: errors, results, table headings, prompts and
``doctor``'s checks (the help lines are in :mod:`.vi_cli_help`, the
store's, the vault's and services' errors in :mod:`.vi_cli_errors`). JSON output (``--json``)
keeps its English keys; numbers and units are as the commands format them."""

from .vi_cli_errors import VI_CLI_ERRORS
from .vi_cli_help import VI_CLI_HELP

VI_CLI = {
    "error: {why}": "lỗi: {why}",
    "warning: {why}": "cảnh báo: {why}",
    "the time": "thời điểm",
    "Vietnam time": "giờ Việt Nam",
    # cli/inputs.py: what a person typed
    "The price must be above zero (in thousands of VND, e.g. 99.6).":
        "Giá phải lớn hơn 0 (theo nghìn đồng, vd. 99.6).",
    "The price {typed} is not a number.": "Giá {typed} không phải là số.",
    "The price {typed} (thousands of VND) is not a whole number of VND; at most three "
    "decimals, e.g. 99.65.":
        "Giá {typed} (nghìn đồng) không tròn đến đồng; tối đa ba chữ số thập phân, vd. 99.65.",
    "The symbol must be 1-12 letters or digits, e.g. FPT (got {typed}).":
        "Mã chứng khoán gồm 1-12 chữ cái hoặc chữ số, vd. FPT (bạn nhập {typed}).",
    "The exchange must be HOSE, HNX or UPCOM (got {typed}).":
        "Sàn phải là HOSE, HNX hoặc UPCOM (bạn nhập {typed}).",
    "{what} must be a date and time with its offset, e.g. {example} (got {typed}).":
        "{what} phải là ngày giờ kèm múi giờ, vd. {example} (bạn nhập {typed}).",
    "{what} needs a timezone offset, e.g. {example}.": "{what} cần có múi giờ, vd. {example}.",
    "--limit must be a whole number from 1 to {most} (got {typed}).":
        "--limit phải là số nguyên từ 1 đến {most} (bạn nhập {typed}).",
    "An order id is letters, digits and '-' (got {typed}).":
        "Mã lệnh gồm chữ cái, chữ số và '-' (bạn nhập {typed}).",
    "The key must be 1-128 printable characters without spaces.":
        "Khóa chống trùng gồm 1-128 ký tự hiển thị được, không có khoảng trắng.",
    "A day is written YYYY-MM-DD, e.g. 2026-11-25 (got {typed}).":
        "Ngày viết theo dạng YYYY-MM-DD, vd. 2026-11-25 (bạn nhập {typed}).",
    "The timeout is a number of seconds from 1 to 3600 (got {typed}).":
        "Thời gian chờ là số giây từ 1 đến 3600 (bạn nhập {typed}).",
    "A list name is 1-32 letters, digits, '_' or '-' (got {typed}).":
        "Tên danh sách gồm 1-32 chữ cái, chữ số, '_' hoặc '-' (bạn nhập {typed}).",
    "An entry number is a whole number from 1 (got {typed}).":
        "Số thứ tự của mục là số nguyên từ 1 trở lên (bạn nhập {typed}).",
    "An id is 1-64 letters, digits or signs (got {typed}).":
        "Mã định danh gồm 1-64 chữ cái, chữ số hoặc ký hiệu (bạn nhập {typed}).",
    "{typed!r} is not a date (YYYY-MM-DD)": "{typed!r} không phải là ngày (YYYY-MM-DD)",
    # orders
    "ALLOWED": "ĐƯỢC PHÉP",
    # an order's status as stored (the audit's from/to, a status without a sentence)
    "NEW": "CHỜ KHỚP",
    "PENDING_SUBMIT": "ĐANG GỬI",
    "UNKNOWN": "CHƯA RÕ",
    "SUBMITTED": "ĐÃ GỬI",
    "PARTIALLY_FILLED": "KHỚP MỘT PHẦN",
    "FILLED": "ĐÃ KHỚP",
    "PENDING_MODIFY": "CHỜ SỬA",
    "PENDING_CANCEL": "CHỜ HỦY",
    "REJECTED": "BỊ TỪ CHỐI",
    "EXPIRED": "HẾT HẠN",
    # who changed an order (the audit's "by"), and the reasons stored with it
    "cli": "dòng lệnh",
    "ui": "ứng dụng",
    "broker": "CTCK",
    "order received": "đã nhận lệnh",
    "cancel requested (cli)": "yêu cầu hủy (dòng lệnh)",
    "cancel requested (ui)": "yêu cầu hủy (ứng dụng)",
    "cancel requested by the kill switch": "yêu cầu hủy bởi công tắc dừng khẩn cấp",
    "accepted (dry-run): no live feed, fills at the newest bar":
        "đã nhận (mô phỏng): không có luồng giá trực tuyến, khớp theo nến mới nhất",
    "accepted (dry-run): matched against the live tape":
        "đã nhận (mô phỏng): khớp theo diễn biến giao dịch trực tuyến",
    "accepted (dry-run): matched against the replayed tape":
        "đã nhận (mô phỏng): khớp theo diễn biến giao dịch đang phát lại",
    "the order is no longer resting (filled or expired)":
        "lệnh không còn chờ khớp (đã khớp hoặc hết hạn)",
    "end of the trading day: unfilled quantity expired":
        "hết ngày giao dịch: phần chưa khớp đã hết hạn",
    "DENIED": "BỊ CHẶN",
    "ok": "đạt",
    "FAIL": "KHÔNG ĐẠT",
    "This idempotency key was used before: the order it placed is shown, no new order was "
    "sent.":
        "Khóa chống trùng này đã được dùng: đây là lệnh nó đã đặt, không có lệnh mới nào "
        "được gửi.",
    "modified": "đã sửa",
    "pending at the broker": "đang chờ công ty chứng khoán xác nhận",
    "not modified": "không sửa được",
    "Order {id}: {why}": "Lệnh {id}: {why}",
    "No order with id {id!r}.": "Không có lệnh nào mang mã {id!r}.",
    "No single order matches id {id!r}.": "Không có đúng một lệnh khớp với mã {id!r}.",
    "created {created}, updated {updated} ({tz}); mode {mode}":
        "tạo lúc {created}, cập nhật {updated} ({tz}); chế độ {mode}",
    ", filled {n}": ", đã khớp {n}",
    " at {price}": " giá {price}",
    "[id {id}]": "[mã lệnh {id}]",
    "id": "mã",
    "created ({tz})": "giờ tạo ({tz})",
    "side": "chiều",
    "type": "loại lệnh",
    "qty": "KL",
    "price (x1000)": "giá (x1000)",
    "status": "trạng thái",
    "reason": "lý do",
    "at ({tz})": "lúc ({tz})",
    "from": "từ",
    "to": "sang",
    "by": "bởi",
    # portfolio
    "total": "tổng",
    "sellable": "được bán",
    "pending T+2": "chờ về T+2",
    "avg cost (x1000)": "giá vốn (x1000)",
    "last (x1000)": "giá khớp (x1000)",
    "unrealised VND": "lãi/lỗ tạm tính (đồng)",
    "realised VND": "lãi/lỗ đã chốt (đồng)",
    "realised": "lãi/lỗ đã chốt",
    "unrealised": "lãi/lỗ tạm tính",
    "today": "hôm nay",
    "fees paid": "phí đã trả",
    "taxes paid": "thuế đã trả",
    "cash": "tiền mặt",
    "cash available": "tiền khả dụng",
    "buying power": "sức mua",
    "market value": "giá trị thị trường",
    "equity": "tài sản ròng",
    "unrealised P&L": "lãi/lỗ tạm tính",
    "realised P&L": "lãi/lỗ đã chốt",
    "P&L today": "lãi/lỗ hôm nay",
    "equity at the open {day}: {equity}": "tài sản ròng lúc mở cửa {day}: {equity}",
    "prices as of": "giá tính đến",
    "no prices yet": "chưa có giá",
    "sync": "đồng bộ",
    " (last good {when} {tz})": " (lần tốt gần nhất {when} {tz})",
    # data, news
    "first": "ngày đầu",
    "last (data as of)": "ngày cuối (dữ liệu đến)",
    "bars": "số phiên",
    "{symbol}: {n} bars": "{symbol}: {n} phiên",
    "{n} bars": "{n} phiên",
    "NOT imported": "KHÔNG nhập",
    " (flagged: {flags})": " (đánh dấu: {flags})",
    "... {n} more": "... và {n} lỗi nữa",
    "{file}: unknown symbol {symbol}: give --exchange or a _MANIFEST.csv":
        "{file}: mã {symbol} chưa biết: thêm --exchange hoặc một tệp _MANIFEST.csv",
    "published": "đăng lúc",
    "stocks": "mã liên quan",
    "title": "tiêu đề",
    "market": "thị trường",
    "{symbol}: {new} new, {cached} already cached":
        "{symbol}: {new} tin mới, {cached} tin đã có trong bộ đệm",
    "{symbol}: {why} — the news cache is unchanged":
        "{symbol}: {why} — bộ đệm tin tức giữ nguyên",
    # dead-letter queue
    "state": "trạng thái",
    "attempts": "số lần thử",
    "order": "lệnh",
    "request": "yêu cầu",
    "last error": "lỗi gần nhất",
    "next attempt (UTC)": "lần thử kế tiếp (UTC)",
    "order status": "trạng thái lệnh",
    "key": "khóa",
    "created": "tạo lúc",
    "next attempt": "lần thử kế",
    "updated": "cập nhật",
    "Dead-letter entry {id}: {state} after {n} attempt(s)":
        "Mục lệnh lỗi {id}: {state} sau {n} lần thử",
    "{request}, mode {mode}": "{request}, chế độ {mode}",
    "Request:": "Yêu cầu:",
    "Errors:": "Các lỗi:",
    "Resolution: {what}": "Cách xử lý: {what}",
    " (at {when})": " (lúc {when})",
    "Order audit trail:": "Nhật ký lệnh:",
    "The dead-letter queue is empty.": "Hàng đợi lệnh lỗi đang trống.",
    "No open dead-letter entries.": "Không có mục lệnh lỗi nào đang mở.",
    "Replayed entry {id}: now {state}": "Đã thử lại mục {id}: giờ là {state}",
    "Entry {id} is {state}: {resolution}": "Mục {id} là {state}: {resolution}",
    "RETRYING": "ĐANG THỬ LẠI",
    "RESOLVED": "ĐÃ XỬ LÝ",
    "PERMANENT_FAILURE": "LỖI VĨNH VIỄN",
    "MANUALLY_RESOLVED": "XỬ LÝ THỦ CÔNG",
    # screener and its track record
    "started": "bắt đầu",
    "universe": "nhóm mã",
    "symbols": "số mã",
    "score": "điểm",
    "conf": "độ tin",
    "size": "khối lượng",
    "rationale": "nhận định",
    "no AI provider: lexicon sentiment was used":
        "không có nhà cung cấp AI: đã dùng bộ từ điển cảm xúc",
    "No agent could judge this stock.": "Không tác tử nào đánh giá được cổ phiếu này.",
    "leans positive": "nghiêng về tích cực",
    "leans negative": "nghiêng về tiêu cực",
    "is mixed": "chưa rõ xu hướng",
    "Overall {stance} ({score}; the agents agree {agree}, not a measured probability)":
        "Nhìn chung {stance} ({score}; các tác tử đồng thuận {agree}, không phải xác suất "
        "đo được)",
    "DONE": "XONG",
    "RUNNING": "ĐANG CHẠY",
    "CANCELLED": "ĐÃ HỦY",
    "run {id} — {universe} — data {hash} — as of {as_of}":
        "lần chạy {id} — {universe} — dữ liệu {hash} — tính đến {as_of}",
    "track record {id} — {universe} ({n} stocks) — {start}..{end} — inputs {inputs} — "
    "figures {figures}":
        "kiểm định {id} — {universe} ({n} mã) — {start}..{end} — đầu vào {inputs} — số liệu "
        "{figures}",
    "track record {id} cancelled": "đã hủy kiểm định {id}",
    "{freq} rebalance ({dates} dates), {h}-session net returns (Newey-West lags {lags})":
        "tái cơ cấu theo {freq} ({dates} mốc), lợi nhuận ròng {h} phiên (độ trễ Newey-West "
        "{lags})",
    "mean IC": "IC trung bình",
    "t": "t",
    "top-bottom": "nhóm đầu - nhóm cuối",
    "hit": "tỷ lệ đúng",
    "obs": "số quan sát",
    "turnover": "vòng quay",
    "top-{n} x": "top-{n} x",
    "random x{n} (5-95 %)": "ngẫu nhiên x{n} (5-95 %)",
    "{index} (index)": "{index} (chỉ số)",
    "momentum_12_1": "đà tăng 12-1",
    "reversal_1m": "đảo chiều 1 tháng",
    "random": "ngẫu nhiên",
    "computed on flagged prices: {symbols}": "tính trên giá có đánh dấu: {symbols}",
    "not in the cache (no benchmark curve): {symbols}":
        "không có trong bộ đệm (không có đường so sánh): {symbols}",
    "fundamental and news": "cơ bản và tin tức",
    "On {span} there is too little history to judge this score ({n} dates).":
        "Giai đoạn {span} có quá ít dữ liệu lịch sử để đánh giá điểm này ({n} mốc).",
    "mean rank IC {ic}, t {t}, {n} monthly dates":
        "IC xếp hạng trung bình {ic}, t {t}, {n} mốc tháng",
    "; random scores gave t {low} to {high}": "; điểm ngẫu nhiên cho t từ {low} đến {high}",
    "On {span} this score has shown no reliable edge ({figures}).":
        "Giai đoạn {span} điểm này chưa cho thấy lợi thế đáng tin cậy ({figures}).",
    "On {span} this score has ranked stocks better than chance ({figures}); a past edge is "
    "no promise of a future one.":
        "Giai đoạn {span} điểm này xếp hạng cổ phiếu tốt hơn ngẫu nhiên ({figures}); lợi thế "
        "trong quá khứ không bảo đảm cho tương lai.",
    "On {span} this score has pointed the wrong way ({figures}).":
        "Giai đoạn {span} điểm này đã chỉ sai hướng ({figures}).",
    "supervisor and baselines": "tổng hợp và các mốc so sánh",
    # doctor
    "TradingTools doctor — profile '{name}' in {root}":
        "TradingTools doctor — hồ sơ '{name}' tại {root}",
    "check": "mục kiểm tra",
    "detail": "chi tiết",
    "python": "python",
    "qt platform": "nền tảng Qt",
    "data dir": "thư mục dữ liệu",
    "keychain": "keychain",
    "extras": "thành phần thêm",
    "services": "dịch vụ",
    "WARN": "CẢNH BÁO",
    "SKIP": "BỎ QUA",
    "Qt did not start within the timeout": "Qt không khởi động được trong thời gian chờ",
    "plugin '{name}' loads": "plugin '{name}' nạp được",
    "no output": "không có đầu ra",
    "Qt platform plugin failed: {why} (Linux: see README for apt packages)":
        "plugin nền tảng Qt lỗi: {why} (Linux: xem README để cài các gói apt)",
    "keys unreadable: {why}": "không đọc được khóa: {why}",
    "profile database not readable": "không đọc được cơ sở dữ liệu của hồ sơ",
    "{version}; TradingTools needs Python 3.12": "{version}; TradingTools cần Python 3.12",
    "{dir} is writable": "{dir} ghi được",
    "{dir} is not writable ({why})": "{dir} không ghi được ({why})",
    "duckdb {version}; {file} will be created on first start":
        "duckdb {version}; {file} sẽ được tạo ở lần chạy đầu",
    "duckdb {version}; {file} is open in the running app (close it for a full check)":
        "duckdb {version}; {file} đang được ứng dụng mở (đóng ứng dụng để kiểm tra đầy đủ)",
    "schema {found} is newer than this app's {supported} (see rollback)":
        "lược đồ {found} mới hơn bản {supported} của ứng dụng này (xem phần rollback)",
    "duckdb {version}; schema {found} of {supported}; file healthy (all {tables} tables "
    "read back, {rows} rows)":
        "duckdb {version}; lược đồ {found}/{supported}; tệp tốt (đọc lại đủ {tables} bảng, "
        "{rows} dòng)",
    "no usable OS keychain: {why}; secrets use the passphrase vault":
        "không có keychain hệ điều hành dùng được: {why}; khóa bí mật dùng kho khóa bằng cụm "
        "mật khẩu",
    "ta (pandas-ta) installed": "đã cài ta (pandas-ta)",
    "ta (pandas-ta) not installed: built-in indicators are used":
        "chưa cài ta (pandas-ta): dùng các chỉ báo có sẵn",
    "not configured": "chưa cấu hình",
    "configured URL has no host": "URL đã cấu hình không có máy chủ",
    "offline (name lookup failed)": "ngoại tuyến (không phân giải được tên máy chủ)",
    "unreachable": "không kết nối được",
    "reachable": "kết nối được",
    # profiles and backups
    "profile": "hồ sơ",
    "path": "đường dẫn",
    "taken": "lúc sao lưu",
    "schema": "lược đồ",
    "kind": "loại",
    "file": "tệp",
    "daily": "hằng ngày",
    "before migration": "trước khi nâng cấp",
    "before restore": "trước khi khôi phục",
    "copy": "bản chép",
    "unreadable": "không đọc được",
    " (newer)": " (mới hơn)",
    "No profiles yet; '{name}' is created on first use.":
        "Chưa có hồ sơ nào; '{name}' sẽ được tạo khi dùng lần đầu.",
    "created profile {name} at {dir}": "đã tạo hồ sơ {name} tại {dir}",
    " (now active)": " (đang dùng)",
    "active profile: {name} (opened the next time the app or a command starts)":
        "hồ sơ đang dùng: {name} (được mở ở lần tới ứng dụng hoặc một lệnh khởi động)",
    "active profile: {name}": "hồ sơ đang dùng: {name}",
    "renamed {old} to {new}": "đã đổi tên {old} thành {new}",
    "There is no profile named {name!r}.": "Không có hồ sơ nào tên {name!r}.",
    "deleting needs confirmation: run in a terminal, or add --yes":
        "xóa cần xác nhận: chạy trong terminal, hoặc thêm --yes",
    "Delete profile {name!r}? It is moved to a backup folder first. Type its name to "
    "confirm: ":
        "Xóa hồ sơ {name!r}? Hồ sơ được chuyển vào thư mục sao lưu trước. Gõ tên hồ sơ để "
        "xác nhận: ",
    "not deleted": "chưa xóa",
    "deleted profile {name}; backup kept at {backup}":
        "đã xóa hồ sơ {name}; bản sao lưu giữ tại {backup}",
    "Export passphrase: ": "Cụm mật khẩu của tệp xuất: ",
    "New export passphrase: ": "Cụm mật khẩu mới cho tệp xuất: ",
    "Repeat the export passphrase: ": "Nhập lại cụm mật khẩu của tệp xuất: ",
    "No passphrase was given.": "Chưa nhập cụm mật khẩu.",
    "Run in a terminal to type it, or use --passphrase-stdin.":
        "Chạy trong terminal để gõ, hoặc dùng --passphrase-stdin.",
    "wrote {path}": "đã ghi {path}",
    " (no secrets; add --include-secrets to carry them, encrypted)":
        " (không kèm khóa bí mật; thêm --include-secrets để mang theo, đã mã hóa)",
    "{path} is not a file": "{path} không phải là tệp",
    "The export holds secrets; their new vault needs a passphrase (no usable OS keychain).":
        "Tệp xuất có khóa bí mật; kho khóa mới cần một cụm mật khẩu (không có keychain hệ "
        "điều hành dùng được).",
    "Run in a terminal, or set {env}.": "Chạy trong terminal, hoặc đặt biến {env}.",
    "created profile {name} from {file}": "đã tạo hồ sơ {name} từ {file}",
    "exported {table}: {n} rows": "đã xuất {table}: {n} dòng",
    "imported {table}: {n} rows": "đã nhập {table}: {n} dòng",
    "exported secrets (encrypted): {names}": "đã xuất khóa bí mật (đã mã hóa): {names}",
    "imported secrets (encrypted): {names}": "đã nhập khóa bí mật (đã mã hóa): {names}",
    "TradingTools has the profile {name!r} open.": "TradingTools đang mở hồ sơ {name!r}.",
    "The profile {name!r} is open in another process.":
        "Hồ sơ {name!r} đang được một tiến trình khác mở.",
    "There is no backup number {n} for profile {name!r} ({found} found).":
        "Hồ sơ {name!r} không có bản sao lưu số {n} (tìm thấy {found} bản).",
    "No backup file {file!r} (looked in {folder} too).":
        "Không có tệp sao lưu {file!r} (đã tìm cả trong {folder}).",
    "No backups of profile {name} yet (they are taken in {folder} before each upgrade of "
    "its database and before each restore).":
        "Hồ sơ {name} chưa có bản sao lưu nào (bản sao lưu được tạo trong {folder} trước mỗi "
        "lần nâng cấp cơ sở dữ liệu và trước mỗi lần khôi phục).",
    "Restore one with: {command}": "Khôi phục một bản bằng: {command}",
    "List them with: {command}": "Xem danh sách bằng: {command}",
    "that is the profile's current database": "đó là cơ sở dữ liệu hiện tại của hồ sơ",
    "{file} is not a readable TradingTools profile database; nothing was changed.":
        "{file} không phải cơ sở dữ liệu hồ sơ TradingTools đọc được; không có gì bị thay "
        "đổi.",
    "restoring needs confirmation: run in a terminal, or add --yes":
        "khôi phục cần xác nhận: chạy trong terminal, hoặc thêm --yes",
    "Replace the database of profile {name!r} with {file} (schema v{version})? The current "
    "one is kept in backups first. Type its name to confirm: ":
        "Thay cơ sở dữ liệu của hồ sơ {name!r} bằng {file} (lược đồ v{version})? Bản hiện "
        "tại được sao lưu trước. Gõ tên hồ sơ để xác nhận: ",
    "not restored": "chưa khôi phục",
    "kept the previous database as {file} (restore it the same way to undo)":
        "đã giữ cơ sở dữ liệu trước đó là {file} (khôi phục nó theo cách tương tự để hoàn "
        "tác)",
    "The restored database {file} does not open.":
        "Không mở được cơ sở dữ liệu vừa khôi phục {file}.",
    "restored profile {name} from {file}: schema v{version}":
        "đã khôi phục hồ sơ {name} từ {file}: lược đồ v{version}",
    "note: schema v{version} is newer than this version of TradingTools understands (up to "
    "v{supported}): open the profile with the newer version that wrote it, or restore an "
    "older backup (see docs/rollback.md).":
        "lưu ý: lược đồ v{version} mới hơn mức phiên bản TradingTools này hiểu (đến "
        "v{supported}): mở hồ sơ bằng phiên bản mới hơn đã ghi nó, hoặc khôi phục một bản sao "
        "lưu cũ hơn (xem docs/rollback.md).",
    "opening it with this version upgrades it to v{supported} again (after a fresh backup); "
    "a TradingTools that understands v{version} opens it as it is":
        "mở bằng phiên bản này sẽ nâng cấp lại lên v{supported} (sau một bản sao lưu mới); "
        "bản TradingTools hiểu v{version} sẽ mở nguyên trạng",
    # secrets and the vault
    "initialised": "đã thiết lập",
    "protection": "bảo vệ bằng",
    "kdf": "hàm dẫn xuất khóa",
    "key_created_at": "khóa tạo lúc",
    "keychain_backend": "loại keychain",
    "keychain_usable": "keychain dùng được",
    "keychain_problem": "vấn đề keychain",
    "True": "có",
    "False": "không",
    "PASSPHRASE": "CỤM MẬT KHẨU",
    "KEYCHAIN": "KEYCHAIN",
    "name": "tên",
    "environment override": "biến môi trường thay thế",
    "where to get it": "lấy ở đâu",
    "value": "giá trị",
    "last changed": "đổi lần cuối",
    "problem": "vấn đề",
    "at (UTC)": "lúc (UTC)",
    "action": "thao tác",
    "passphrase": "cụm mật khẩu",
    "Vault passphrase: ": "Cụm mật khẩu kho khóa: ",
    "New vault passphrase: ": "Cụm mật khẩu mới cho kho khóa: ",
    "Repeat the vault passphrase: ": "Nhập lại cụm mật khẩu kho khóa: ",
    "Paste {name}, then an empty line (input is hidden):":
        "Dán {name}, rồi một dòng trống (nội dung được ẩn):",
    "Value for {name} (input is hidden): ": "Giá trị của {name} (nội dung được ẩn): ",
    "a passphrase was asked for": "cần một cụm mật khẩu",
    "a passphrase": "một cụm mật khẩu",
    "The vault needs a passphrase ({why}) and none was given.":
        "Kho khóa cần cụm mật khẩu ({why}) nhưng chưa có.",
    "Run in a terminal to type one, or set {env}.":
        "Chạy trong terminal để gõ, hoặc đặt biến {env}.",
    "Run in a terminal to type it, or set {env}.":
        "Chạy trong terminal để gõ, hoặc đặt biến {env}.",
    "Vault created, its key protected by {where}.":
        "Đã tạo kho khóa, khóa chính được bảo vệ bằng {where}.",
    "The vault is protected by a passphrase and none was given.":
        "Kho khóa được bảo vệ bằng cụm mật khẩu nhưng chưa có cụm mật khẩu.",
    "This profile has no vault.": "Hồ sơ này không có kho khóa.",
    "values are never taken from the command line (they would stay in the shell history). "
    "Pipe the value in, or type it at the hidden prompt.":
        "giá trị không bao giờ được lấy từ dòng lệnh (nó sẽ nằm lại trong lịch sử shell). "
        "Chuyển giá trị qua stdin, hoặc gõ vào ô nhập ẩn.",
    "stored {name} ({shown})": "đã lưu {name} ({shown})",
    "note: {env} is set and overrides it in this environment":
        "lưu ý: biến {env} đang được đặt và thay giá trị này trong môi trường hiện tại",
    "revoked {name}": "đã thu hồi {name}",
    "{name} was not stored": "{name} chưa được lưu",
    "note: {env} is still set in your environment; processes started with it keep using it. "
    "Unset it and remove it from any .env file.":
        "lưu ý: biến {env} vẫn còn trong môi trường của bạn; các tiến trình khởi động với nó "
        "vẫn dùng nó. Hãy bỏ biến đó và xóa nó khỏi mọi tệp .env.",
    "There is nothing to rotate: this profile has no vault yet.":
        "Không có gì để đổi khóa: hồ sơ này chưa có kho khóa.",
    "Rotating a passphrase vault needs the new passphrase.":
        "Đổi khóa kho khóa dùng cụm mật khẩu cần cụm mật khẩu mới.",
    "rotated: {n} secrets re-encrypted under a new key, protected by {how}; the old key is "
    "destroyed":
        "đã đổi khóa: {n} khóa bí mật được mã hóa lại bằng khóa mới, bảo vệ bằng {how}; khóa "
        "cũ đã bị hủy",
    "imported {name} (from {source})": "đã nhập {name} (từ {source})",
    "skipped {var}: not a TradingTools secret": "bỏ qua {var}: không phải khóa của TradingTools",
    "The secrets are now in the encrypted vault. DELETE {path} now: it still holds them in "
    "plain text (and remove it from backups and version control).":
        "Các khóa bí mật giờ đã ở trong kho khóa mã hóa. Hãy XÓA {path} ngay: tệp vẫn chứa "
        "chúng ở dạng văn bản thường (và gỡ nó khỏi bản sao lưu, hệ thống quản lý phiên "
        "bản).",
    "The vault of this profile is already set up.": "Kho khóa của hồ sơ này đã được thiết lập.",
    "Use `tradingtools secrets rotate --to ...` to change it.":
        "Dùng `tradingtools secrets rotate --to ...` để thay đổi.",
    "vault ready: {how}": "kho khóa sẵn sàng: {how}",
    "reset destroys every stored secret of this profile; add --yes":
        "đặt lại sẽ hủy mọi khóa bí mật đã lưu của hồ sơ này; thêm --yes",
    "vault reset: every stored secret and the key are destroyed":
        "đã đặt lại kho khóa: mọi khóa bí mật đã lưu và khóa chính đã bị hủy",
    # settings, state, universe, ssi
    "profile {profile}: trading {state}, mode {mode}":
        "hồ sơ {profile}: giao dịch {state}, chế độ {mode}",
    "{name} is built from the listing and cannot be edited":
        "{name} được lập từ danh sách niêm yết nên không sửa được",
    "not in the cache, skipped: {symbols}": "không có trong bộ đệm, đã bỏ qua: {symbols}",
    "notify.* settings take true or false.": "các thiết lập notify.* nhận true hoặc false.",
}
VI_CLI.update(VI_CLI_HELP)
VI_CLI.update(VI_CLI_ERRORS)
