"""Vietnamese of the pre-trade check sentences (``risk_text``), session names included."""

VI_RISK: dict[str, str] = {
    "{v} VND": "{v} đ",
    "Not checked: {why}.": "Chưa kiểm tra được: {why}.",
    "an unknown session": "một phiên không xác định",
    "this symbol": "mã này",
    "pre-open": "trước giờ mở cửa",
    "continuous": "liên tục",
    "lunch break": "nghỉ trưa",
    "closed": "đóng cửa",
    # why a check could not be judged
    "the order time is unusable ({problem})": "thời điểm đặt lệnh không dùng được ({problem})",
    "the quantity is invalid": "khối lượng không hợp lệ",
    "a {type} order carries no price": "lệnh {type} không có giá",
    "the price is invalid": "giá không hợp lệ",
    "no reference price is known for {symbol} today, so the daily band is unknown":
        "chưa có giá tham chiếu hôm nay của {symbol}, nên chưa biết biên độ",
    "the order has no valid price": "lệnh chưa có giá hợp lệ",
    "a priceless order is valued at the ceiling, and no reference price is known":
        "lệnh không giá được tính theo giá trần, mà chưa có giá tham chiếu",
    "the order time has no timezone": "thời điểm đặt lệnh thiếu múi giờ",
    "bad order time": "thời điểm đặt lệnh sai",
    "the ticket could not be read ({error})": "không đọc được phiếu lệnh ({error})",
    "unexpected input ({error})": "dữ liệu không như dự kiến ({error})",
    "no rule answered": "không quy tắc nào trả lời",
    # the sentences
    "Trading is not halted.": "Giao dịch không bị dừng.",
    "Trading is HALTED (kill switch): only cancels are accepted.":
        "Giao dịch ĐÃ DỪNG (ngắt khẩn cấp): chỉ nhận lệnh hủy.",
    "Reduce-only mode: this sell shrinks the position.":
        "Chế độ chỉ giảm vị thế: lệnh bán này làm giảm vị thế.",
    "Trading is not in reduce-only mode.": "Giao dịch không ở chế độ chỉ giảm vị thế.",
    "Trading is in reduce-only mode: only sells of at most the {held} shares held are "
    "accepted.": "Đang ở chế độ chỉ giảm vị thế: chỉ nhận lệnh bán tối đa {held} cổ phiếu "
                 "đang nắm giữ.",
    "Live trading is armed.": "Giao dịch thật đã được bật.",
    "Dry-run: no live arming needed.": "Mô phỏng: không cần bật giao dịch thật.",
    "Live trading is not armed: arm it in Setup first.":
        "Giao dịch thật chưa được bật: hãy bật trong Thiết lập trước.",
    "Guardrails are healthy.": "Các hàng rào an toàn đều tốt.",
    "Dry-run: live guardrails not required.":
        "Mô phỏng: không cần hàng rào an toàn của giao dịch thật.",
    "Live orders are blocked: {problems}.": "Lệnh thật bị chặn: {problems}.",
    "Live orders are blocked: a guardrail is not healthy.":
        "Lệnh thật bị chặn: một hàng rào an toàn chưa tốt.",
    "Order time is invalid: {problem}.": "Thời điểm đặt lệnh không hợp lệ: {problem}.",
    "{exchange} is in the {phase} session.": "{exchange} đang trong phiên {phase}.",
    "{exchange} does not accept orders now ({phase}, Vietnam time).":
        "{exchange} hiện không nhận lệnh ({phase}, giờ Việt Nam).",
    "{type} is accepted on {exchange} during {phase}.":
        "{exchange} nhận lệnh {type} trong phiên {phase}.",
    "{type} is not an order type of {exchange}.": "{exchange} không có loại lệnh {type}.",
    "{type} is not accepted on {exchange} during {phase}; it is accepted in: {phases}.":
        "{exchange} không nhận lệnh {type} trong phiên {phase}; chỉ nhận trong: {phases}.",
    "No symbol was given.": "Chưa nhập mã chứng khoán.",
    "{symbol} is listed on {exchange}.": "{symbol} niêm yết trên {exchange}.",
    "{symbol} is listed on {listed_on}, not {exchange}.":
        "{symbol} niêm yết trên {listed_on}, không phải {exchange}.",
    "Symbol {symbol} is not known on {exchange}.": "Không tìm thấy mã {symbol} trên {exchange}.",
    "Quantity must be a positive whole number of shares (got {got}).":
        "Khối lượng phải là số nguyên dương cổ phiếu (đã nhập {got}).",
    "Quantity {qty} shares.": "Khối lượng {qty} cổ phiếu.",
    "Odd lot of {qty} shares as LO in the continuous session.":
        "Lô lẻ {qty} cổ phiếu, lệnh LO trong phiên liên tục.",
    "Odd lots (1-{max_odd} shares) are accepted only as LO orders in the continuous session "
    "(this is {type} during {phase}).":
        "Lô lẻ (1-{max_odd} cổ phiếu) chỉ được đặt bằng lệnh LO trong phiên liên tục (đây là "
        "lệnh {type} trong phiên {phase}).",
    "{qty} is a whole number of {lot}-share board lots.": "{qty} là bội số của lô chẵn {lot} "
                                                          "cổ phiếu.",
    "Quantity {qty} mixes board and odd lots: place {lots} (board lots) and {odd} (a separate "
    "odd-lot LO order).": "Khối lượng {qty} lẫn lô chẵn và lô lẻ: đặt {lots} (lô chẵn) và "
                          "{odd} (một lệnh LO lô lẻ riêng).",
    "{qty} shares is within the per-order maximum.":
        "{qty} cổ phiếu nằm trong giới hạn mỗi lệnh.",
    "HOSE accepts at most {max} shares per order (got {qty}); split the order.":
        "HOSE chỉ nhận tối đa {max} cổ phiếu mỗi lệnh (đã nhập {qty}); hãy chia lệnh.",
    "{type} orders carry no price; leave the price empty (got {got}).":
        "Lệnh {type} không có giá; hãy để trống ô giá (đã nhập {got}).",
    "{type} orders carry no price.": "Lệnh {type} không có giá.",
    "{type} needs a positive limit price (got {got}).":
        "Lệnh {type} cần một giá lớn hơn 0 (đã nhập {got}).",
    "Limit price {price}.": "Giá đặt {price}.",
    "{type} carries no price, so no tick applies.":
        "Lệnh {type} không có giá nên không xét bước giá.",
    "Price {price} is on the price tick.": "Giá {price} đúng bước giá.",
    "Price {price} is not on the {tick} tick for {exchange} at this price; nearest {down} or "
    "{up}.": "Giá {price} không đúng bước giá {tick} của {exchange} ở vùng giá này; gần nhất "
             "là {down} hoặc {up}.",
    "{type} trades within today's band {floor}-{ceiling}.":
        "Lệnh {type} khớp trong biên độ hôm nay {floor}-{ceiling}.",
    "Price {price} is within today's band {floor}-{ceiling}.":
        "Giá {price} nằm trong biên độ hôm nay {floor}-{ceiling}.",
    "Price {price} is above the ceiling: today's band is {floor}-{ceiling} (reference "
    "{reference}, ±{pct} %).": "Giá {price} cao hơn giá trần: biên độ hôm nay {floor}-"
                               "{ceiling} (tham chiếu {reference}, ±{pct} %).",
    "Price {price} is below the floor: today's band is {floor}-{ceiling} (reference "
    "{reference}, ±{pct} %).": "Giá {price} thấp hơn giá sàn: biên độ hôm nay {floor}-"
                               "{ceiling} (tham chiếu {reference}, ±{pct} %).",
    "Order value {value} is within the {limit} limit.":
        "Giá trị lệnh {value} nằm trong hạn mức {limit}.",
    "Order value {value} ({qty} x ceiling {ceiling}, as {type} has no price) is within the "
    "{limit} limit.": "Giá trị lệnh {value} ({qty} x giá trần {ceiling}, vì lệnh {type} không "
                      "có giá) nằm trong hạn mức {limit}.",
    "Order value {value} exceeds the profile's maximum of {limit} per order.":
        "Giá trị lệnh {value} vượt hạn mức {limit} mỗi lệnh của hồ sơ.",
    "Order value {value} ({qty} x ceiling {ceiling}, as {type} has no price) exceeds the "
    "profile's maximum of {limit} per order.":
        "Giá trị lệnh {value} ({qty} x giá trần {ceiling}, vì lệnh {type} không có giá) vượt "
        "hạn mức {limit} mỗi lệnh của hồ sơ.",
    "Sells need no buying power.": "Lệnh bán không cần sức mua.",
    "Needs {need} (value {value} + fee {fee}); buying power {have}.":
        "Cần {need} (giá trị {value} + phí {fee}); sức mua {have}.",
    "Needs {need} (value {value} at the ceiling + fee {fee}); buying power {have}.":
        "Cần {need} (giá trị {value} theo giá trần + phí {fee}); sức mua {have}.",
    "Needs {need} (value {value} + fee {fee}) but buying power is {have}.":
        "Cần {need} (giá trị {value} + phí {fee}) nhưng sức mua chỉ có {have}.",
    "Needs {need} (value {value} at the ceiling + fee {fee}) but buying power is {have}.":
        "Cần {need} (giá trị {value} theo giá trần + phí {fee}) nhưng sức mua chỉ có {have}.",
    "Buys need no sellable shares.": "Lệnh mua không cần cổ phiếu được bán.",
    "{sellable} shares are sellable; selling {qty}.":
        "Có {sellable} cổ phiếu được bán; bán {qty}.",
    "Only {sellable} shares are sellable now (asked {qty}); shares bought settle on T+2 "
    "trading days.": "Hiện chỉ có {sellable} cổ phiếu được bán (đặt {qty}); cổ phiếu mua "
                     "về tài khoản sau T+2 ngày giao dịch.",
    "No equity at the open recorded yet: the daily loss limit is not set.":
        "Chưa ghi nhận tài sản đầu phiên: chưa đặt giới hạn lỗ trong ngày.",
    "Today's loss {loss} is within the {max_loss} limit.":
        "Lỗ hôm nay {loss} nằm trong giới hạn {max_loss}.",
    "Daily loss limit reached, but this sell reduces the position.":
        "Đã chạm giới hạn lỗ trong ngày, nhưng lệnh bán này làm giảm vị thế.",
    "Daily loss limit reached: lost {loss} today (limit {max_loss}, {pct_bps} of equity at "
    "the open); only position-reducing sells are accepted.":
        "Đã chạm giới hạn lỗ trong ngày: hôm nay lỗ {loss} (giới hạn {max_loss}, {pct_bps} "
        "tài sản đầu phiên); chỉ nhận lệnh bán giảm vị thế.",
    "No reject cooldown in force.": "Không trong thời gian tạm dừng do bị từ chối.",
    "{n} orders were rejected within {minutes} minutes: new orders are paused until {until} "
    "Vietnam time.": "{n} lệnh bị từ chối trong {minutes} phút: tạm dừng lệnh mới tới "
                     "{until} giờ Việt Nam.",
    "{n} orders in the last second (limit {limit_count}).":
        "{n} lệnh trong giây vừa qua (giới hạn {limit_count}).",
    "{n} orders in the last second reach the limit of {limit_count} per second: wait a "
    "moment.": "{n} lệnh trong giây vừa qua chạm giới hạn {limit_count} lệnh mỗi giây: hãy "
               "chờ một chút.",
    "The order has no idempotency key, so a retry could place it twice.":
        "Lệnh không có mã chống trùng, nên gửi lại có thể đặt hai lần.",
    "New idempotency key.": "Mã chống trùng mới.",
    "This idempotency key was used before: the existing order is returned, no second order "
    "is placed.": "Mã chống trùng này đã dùng: trả về lệnh đã có, không đặt lệnh thứ hai.",
    # security status (the feed's F channel, SecuritiesDetails, the stored listing)
    "No trading status is known for {symbol}; nothing blocks it.":
        "Chưa biết trạng thái giao dịch của {symbol}; không có gì chặn lệnh.",
    "{symbol} is trading (status {status}).": "{symbol} đang giao dịch (trạng thái {status}).",
    "{symbol} is halted on the exchange (status {status}): no order can match now, so none "
    "is sent; try again when it trades.":
        "{symbol} đang bị tạm ngừng giao dịch trên sở (trạng thái {status}): lệnh không thể "
        "khớp lúc này nên không được gửi; hãy thử lại khi mã giao dịch trở lại.",
    "{symbol} is suspended from trading (status {status}): no order can match now, so none "
    "is sent; try again when it trades.":
        "{symbol} đang bị đình chỉ giao dịch (trạng thái {status}): lệnh không thể khớp lúc "
        "này nên không được gửi; hãy thử lại khi mã giao dịch trở lại.",
    "{symbol} is delisted (status {status}): no order can match, so none is sent.":
        "{symbol} đã hủy niêm yết (trạng thái {status}): lệnh không thể khớp nên không được "
        "gửi.",
    "{symbol} is suspended from order matching (status {status}): no order can match now, "
    "so none is sent; try again when it trades.":
        "{symbol} đang bị tạm ngừng khớp lệnh (trạng thái {status}): lệnh không thể khớp lúc "
        "này nên không được gửi; hãy thử lại khi mã giao dịch trở lại.",
}
