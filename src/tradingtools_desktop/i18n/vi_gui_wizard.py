"""Vietnamese of the setup wizard's pages (language, dry-run cash, keys, alerts).
"""

VI_GUI_WIZARD: dict[str, str] = {
    # wizard
    "Language / Ngôn ngữ": "Ngôn ngữ / Language",
    "Dry-run starting cash (VND)": "Tiền mô phỏng ban đầu (đ)",
    "Practice money; it can be changed until the first dry-run order.":
        "Tiền luyện tập; đổi được cho tới lệnh mô phỏng đầu tiên.",
    "Advanced: SSI server address": "Nâng cao: địa chỉ máy chủ SSI",
    "LIVE requested (needs healthy guardrails)":
        "Đã yêu cầu giao dịch THẬT (cần mọi hàng rào an toàn tốt)",
    "none": "không có",
    "keys protected by {how}": "khóa được bảo vệ bằng {how}",
    "Keys (masked)": "Các khóa (đã che)",
    "SSI server": "Máy chủ SSI",
    "Checks": "Kiểm tra kết nối",
    "dry-run starting cash {cash}, max order {order}, max daily loss {loss} %":
        "tiền mô phỏng ban đầu {cash}, tối đa mỗi lệnh {order}, lỗ tối đa trong ngày {loss} %",
    "Setup failed: {why}": "Thiết lập thất bại: {why}",
    "the stored data": "dữ liệu đã lưu",
    "{service} failed: {why}": "{service} không đạt: {why}",
    "No internet connection to vnstock: prices stay at the bundled data of {day}. Check the "
    "network, then run the checks again.": "Không có kết nối internet tới vnstock: giá giữ "
                                           "theo dữ liệu có sẵn ngày {day}. Kiểm tra mạng rồi "
                                           "chạy lại kiểm tra.",
    "SSI FastConnect cannot be reached: check the network, or the server address under "
    "Advanced. Dry-run works without it.": "Không kết nối được SSI FastConnect: kiểm tra mạng "
                                           "hoặc địa chỉ máy chủ ở mục Nâng cao. Chế độ mô "
                                           "phỏng vẫn chạy được.",
    "SSI FastConnect Data cannot be reached: live prices are off and the newest stored prices "
    "are used. Check the network.": "Không kết nối được SSI FastConnect Data: tạm không có "
                                    "giá trực tuyến, dùng giá mới nhất đã lưu. Kiểm tra mạng.",
    "The AI server does not answer: check that it runs and its address. The screener works "
    "without AI.": "Máy chủ AI không trả lời: kiểm tra máy chủ có chạy và địa chỉ. Bộ sàng "
                   "lọc vẫn chạy được khi không có AI.",
    "Telegram cannot be reached: check the network. Alerts still show in the window.":
        "Không kết nối được Telegram: kiểm tra mạng. Cảnh báo vẫn hiện trong cửa sổ.",
    "SSI refused the key: check the ConsumerID, ConsumerSecret and private key from iBoard > "
    "API service.": "SSI từ chối khóa: kiểm tra ConsumerID, ConsumerSecret và khóa bí mật ở "
                    "iBoard > Dịch vụ API.",
    "SSI refused the FastConnect Data key: check its ConsumerID and ConsumerSecret (a "
    "separate registration from Trading).": "SSI từ chối khóa FastConnect Data: kiểm tra "
                                            "ConsumerID và ConsumerSecret của nó (đăng ký "
                                            "riêng với khóa giao dịch).",
    "The AI server refused the API key: check the key.": "Máy chủ AI từ chối khóa API: kiểm "
                                                         "tra lại khóa.",
    "Telegram refused the bot token: copy it again from @BotFather.":
        "Telegram từ chối token của bot: sao chép lại từ @BotFather.",
    "No SSI keys entered: orders stay in dry-run. Add them later in Setup.":
        "Chưa nhập khóa SSI: lệnh ở chế độ mô phỏng. Có thể thêm sau trong Thiết lập.",
    "No FastConnect Data key entered: prices come from vnstock or the stored data.":
        "Chưa nhập khóa FastConnect Data: giá lấy từ vnstock hoặc dữ liệu đã lưu.",
    "No AI server entered: the screener runs without an AI opinion.":
        "Chưa nhập máy chủ AI: bộ sàng lọc chạy không có ý kiến của AI.",
    "No bot token entered: alerts show in the window only.":
        "Chưa nhập token của bot: cảnh báo chỉ hiện trong cửa sổ.",
}
