"""Vietnamese for the errors the commands (and the app) show from the store, the vault and
the services: each one's sentence and its way out; merged into :data:`.vi_cli.VI_CLI`."""

VI_CLI_ERRORS = {
    "Cannot open profile": "Không mở được hồ sơ",
    "See docs/profiles.md.": "Xem docs/profiles.md.",
    "Run `tradingtools secrets names` for the list of names.":
        "Chạy `tradingtools secrets names` để xem danh sách tên.",
    "Check the value and enter it again.": "Kiểm tra lại giá trị rồi nhập lại.",
    "Store a first secret (`tradingtools secrets set NAME`) or run `tradingtools secrets "
    "init`; the setup wizard does this for you.":
        "Lưu khóa bí mật đầu tiên (`tradingtools secrets set NAME`) hoặc chạy `tradingtools "
        "secrets init`; trình hướng dẫn thiết lập làm việc này cho bạn.",
    "Unlock it with the vault passphrase (the app asks; the CLI reads "
    "TRADINGTOOLS_VAULT_PASSPHRASE or prompts in a terminal).":
        "Mở khóa bằng cụm mật khẩu kho khóa (ứng dụng sẽ hỏi; dòng lệnh đọc "
        "TRADINGTOOLS_VAULT_PASSPHRASE hoặc hỏi trong terminal).",
    "Type the passphrase again (it is case- and accent-sensitive). If it is lost, the stored "
    "secrets cannot be recovered: `tradingtools secrets reset --yes`, then enter them again.":
        "Gõ lại cụm mật khẩu (phân biệt chữ hoa/thường và dấu). Nếu đã quên, không thể khôi "
        "phục các khóa bí mật đã lưu: chạy `tradingtools secrets reset --yes`, rồi nhập lại "
        "chúng.",
    "Choose a longer passphrase (a few unrelated words work well).":
        "Chọn cụm mật khẩu dài hơn (vài từ không liên quan nhau là tốt).",
    "Protect the vault with a passphrase instead (`tradingtools secrets init --protection "
    "passphrase`), or unlock / install the OS keychain and try again.":
        "Hãy bảo vệ kho khóa bằng cụm mật khẩu (`tradingtools secrets init --protection "
        "passphrase`), hoặc mở khóa / cài keychain của hệ điều hành rồi thử lại.",
    "The OS keychain no longer holds this profile's key (keychain reset, or the profile was "
    "copied from another machine). Import an export of the profile, or start over with "
    "`tradingtools secrets reset --yes` and enter the secrets again.":
        "Keychain của hệ điều hành không còn giữ khóa của hồ sơ này (keychain đã bị đặt lại, "
        "hoặc hồ sơ được chép từ máy khác). Hãy nhập một bản xuất của hồ sơ, hoặc làm lại từ "
        "đầu với `tradingtools secrets reset --yes` và nhập lại các khóa bí mật.",
    "Check the file and the passphrase; the export was not applied.":
        "Kiểm tra tệp và cụm mật khẩu; bản xuất chưa được áp dụng.",
    "Run `tradingtools profile list` to see the profiles.":
        "Chạy `tradingtools profile list` để xem các hồ sơ.",
    "Choose another name, or delete the existing profile first.":
        "Chọn tên khác, hoặc xóa hồ sơ đang có trước.",
    "Create it first (`tradingtools profile create NAME`).":
        "Hãy tạo hồ sơ trước (`tradingtools profile create NAME`).",
    "Choose another profile, or restore a backup of this one (`tradingtools profile backups` "
    "lists them, `tradingtools profile restore NUMBER` puts one back).":
        "Chọn hồ sơ khác, hoặc khôi phục một bản sao lưu của hồ sơ này (`tradingtools profile "
        "backups` liệt kê chúng, `tradingtools profile restore NUMBER` đặt lại một bản).",
    "Another TradingTools window already has this profile open: switch to it, or close it "
    "and try again.":
        "Một cửa sổ TradingTools khác đang mở hồ sơ này: chuyển sang cửa sổ đó, hoặc đóng nó "
        "rồi thử lại.",
    "The file was left untouched. Close TradingTools and restore the newest backup with "
    "`tradingtools profile restore 1 --name PROFILE` (`tradingtools profile backups --name "
    "PROFILE` lists them; the damaged file is kept as a backup), or choose another profile.":
        "Tệp được giữ nguyên. Đóng TradingTools và khôi phục bản sao lưu mới nhất bằng "
        "`tradingtools profile restore 1 --name PROFILE` (`tradingtools profile backups "
        "--name PROFILE` liệt kê chúng; tệp hỏng được giữ lại như một bản sao lưu), hoặc "
        "chọn hồ sơ khác.",
    "This profile was written by a newer TradingTools. Install that version again, or "
    "restore the backup taken before the upgrade (`tradingtools profile backups`, then "
    "`tradingtools profile restore NUMBER`; see docs/rollback.md).":
        "Hồ sơ này được ghi bởi một bản TradingTools mới hơn. Hãy cài lại bản đó, hoặc khôi "
        "phục bản sao lưu tạo trước khi nâng cấp (`tradingtools profile backups`, rồi "
        "`tradingtools profile restore NUMBER`; xem docs/rollback.md).",
    "Free some disk space, then try again. Nothing of this change was written: what was "
    "stored before is intact.":
        "Giải phóng bớt dung lượng đĩa rồi thử lại. Thay đổi này chưa được ghi gì: dữ liệu "
        "đã lưu trước đó vẫn nguyên vẹn.",
    "Nothing was changed. Make the file and its folder writable for your user (or, if the "
    "disk is mounted read-only, mount it writable), then try again; or copy the profile "
    "folder to a writable disk and point TRADINGTOOLS_HOME there.":
        "Không có gì bị thay đổi. Cấp quyền ghi cho tệp và thư mục của nó cho người dùng của "
        "bạn (hoặc, nếu đĩa được gắn chỉ đọc, gắn lại cho phép ghi), rồi thử lại; hoặc chép "
        "thư mục hồ sơ sang một đĩa ghi được và trỏ TRADINGTOOLS_HOME tới đó.",
    "No dead-letter entry {id}.": "Không có mục lệnh lỗi số {id}.",
    "Entry {id} is {state}: nothing to replay.":
        "Mục {id} đang là {state}: không có gì để thử lại.",
    "Entry {id} is already {state}.": "Mục {id} đã ở trạng thái {state}.",
    "A note is required to resolve a dead-letter entry.":
        "Cần có ghi chú để xử lý một mục lệnh lỗi.",
    "No screener run with id {id!r}.": "Không có lần chạy bộ lọc nào mang mã {id!r}.",
    "A profile named {name!r} already exists.": "Đã có hồ sơ tên {name!r}.",
    "Profile name {name} is not valid: use letters, digits, '-', '_' or '.', at most 64 "
    "characters, starting with a letter or digit.":
        "Tên hồ sơ {name} không hợp lệ: dùng chữ cái, chữ số, '-', '_' hoặc '.', tối đa 64 "
        "ký tự, bắt đầu bằng chữ cái hoặc chữ số.",
}
