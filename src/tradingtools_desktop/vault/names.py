"""The secrets a profile can hold: names, where to get each, validation and masking.

Names are stable machine strings (``ssi.consumer_secret``); the environment override for a
name is ``TRADINGTOOLS_`` + the name upper-cased with dots as underscores
(``TRADINGTOOLS_SSI_CONSUMER_SECRET``). Validation messages never quote the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import InvalidSecretValue, UnknownSecret

ENV_PREFIX = "TRADINGTOOLS_"
MAX_LENGTH = 16_384
MASK = "****"


@dataclass(frozen=True, slots=True)
class SecretSpec:
    name: str
    group: str  # vnstock | ssi | ssi_data | ai | telegram: a wizard section / check each
    label: str
    help: str  # where to get it (English)
    help_vi: str  # the same in Vietnamese
    reveal: int = 4  # at most this many trailing characters are ever shown
    multiline: bool = False
    choices: tuple[str, ...] = ()
    optional: bool = False
    # masked wherever it appears (logs, traces, prompts); False for settings kept in the
    # vault for convenience whose text is ordinary (a model name must reach the model)
    sensitive: bool = True

    @property
    def env_var(self) -> str:
        return ENV_PREFIX + self.name.upper().replace(".", "_")


SPECS: tuple[SecretSpec, ...] = (
    SecretSpec("vnstock.api_key", "vnstock", "vnstock API key",
               "Optional. Sign in at vnstocks.com; the key is on your account page. Without "
               "it vnstock runs as a guest (20 requests a minute).",
               "Không bắt buộc. Đăng nhập vnstocks.com; khóa API nằm ở trang tài khoản. Không "
               "có khóa, vnstock chạy ở chế độ khách (20 yêu cầu mỗi phút).", optional=True),
    SecretSpec("ssi.consumer_id", "ssi", "SSI FastConnect ConsumerID",
               "SSI iBoard (iboard.ssi.com.vn) > API service: register FastConnect Trading; "
               "the ConsumerID is shown after registration.",
               "SSI iBoard (iboard.ssi.com.vn) > Dịch vụ API: đăng ký FastConnect Trading; "
               "ConsumerID hiển thị sau khi đăng ký."),
    SecretSpec("ssi.consumer_secret", "ssi", "SSI FastConnect ConsumerSecret",
               "Shown with the ConsumerID in the same FastConnect registration.",
               "Hiển thị cùng ConsumerID trong cùng lần đăng ký FastConnect."),
    SecretSpec("ssi.private_key", "ssi", "SSI FastConnect private key",
               "The RSA private key from the FastConnect registration (the block you "
               "downloaded); it signs every order request. Paste it whole.",
               "Khóa bí mật RSA tải về khi đăng ký FastConnect; dùng để ký mỗi lệnh. Dán "
               "nguyên khối.", multiline=True),
    SecretSpec("ssi.account", "ssi", "SSI trading account",
               "Your SSI account number as shown in iBoard (e.g. the base account ending in 1).",
               "Số tài khoản giao dịch SSI như trong iBoard (ví dụ tài khoản thường đuôi 1)."),
    SecretSpec("ssi.two_factor", "ssi", "SSI order verification (PIN or OTP)",
               "How FastConnect verifies your orders: PIN, or OTP (SMS / Smart OTP app; you "
               "type each code when the app asks).",
               "Cách FastConnect xác thực lệnh: PIN, hoặc OTP (SMS / Smart OTP; bạn nhập mã "
               "mỗi khi ứng dụng hỏi).", choices=("PIN", "OTP")),
    SecretSpec("ssi.pin", "ssi", "SSI trading PIN",
               "Only with PIN verification: the trading PIN you set with SSI.",
               "Chỉ khi xác thực bằng PIN: mã PIN giao dịch bạn đã đặt với SSI.",
               reveal=0, optional=True),
    SecretSpec("ssi_data.consumer_id", "ssi_data", "SSI FastConnect Data ConsumerID",
               "Optional, for live prices. SSI iBoard (iboard.ssi.com.vn) > API service: "
               "register FastConnect Data (its own key, not the FastConnect Trading one); the "
               "ConsumerID is shown after registration.",
               "Không bắt buộc, để có giá trực tuyến. SSI iBoard (iboard.ssi.com.vn) > Dịch vụ "
               "API: đăng ký FastConnect Data (khóa riêng, không phải khóa FastConnect "
               "Trading); ConsumerID hiển thị sau khi đăng ký.", optional=True),
    SecretSpec("ssi_data.consumer_secret", "ssi_data", "SSI FastConnect Data ConsumerSecret",
               "Shown with the Data ConsumerID in the same FastConnect Data registration.",
               "Hiển thị cùng ConsumerID của FastConnect Data trong cùng lần đăng ký.",
               optional=True),
    SecretSpec("ai.base_url", "ai", "AI endpoint URL (OpenAI-compatible)",
               "e.g. https://api.openai.com/v1, or http://127.0.0.1:11434/v1 for a local "
               "Ollama.",
               "Ví dụ https://api.openai.com/v1, hoặc http://127.0.0.1:11434/v1 cho Ollama "
               "chạy trên máy.", sensitive=False),
    SecretSpec("ai.model", "ai", "AI model",
               "The model name at that endpoint, e.g. gpt-4o-mini or llama3.1.",
               "Tên mô hình tại địa chỉ đó, ví dụ gpt-4o-mini hoặc llama3.1.", sensitive=False),
    SecretSpec("ai.api_key", "ai", "AI API key",
               "From your provider's dashboard (e.g. platform.openai.com/api-keys). A local "
               "Ollama needs none.",
               "Lấy từ trang quản lý của nhà cung cấp (ví dụ platform.openai.com/api-keys). "
               "Ollama chạy trên máy thì không cần.", optional=True),
    SecretSpec("telegram.bot_token", "telegram", "Telegram bot token",
               "In Telegram, message @BotFather, send /newbot; it replies with the token.",
               "Trong Telegram, nhắn @BotFather, gửi /newbot; bot trả về token."),
    SecretSpec("telegram.chat_id", "telegram", "Telegram chat id",
               "Send your bot a message, then ask @userinfobot (or read getUpdates): the "
               "number is your chat id.",
               "Gửi cho bot một tin nhắn, rồi hỏi @userinfobot (hoặc xem getUpdates): con số "
               "đó là chat id.", reveal=2),
)
NAMES: tuple[str, ...] = tuple(s.name for s in SPECS)
_BY_NAME = {s.name: s for s in SPECS}
_BY_ENV = {s.env_var: s for s in SPECS}

_TELEGRAM_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_CHAT_ID = re.compile(r"^(-?\d+|@[A-Za-z][A-Za-z0-9_]{4,})$")


def spec(name: str) -> SecretSpec:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownSecret(name, NAMES) from None


def spec_for_env(var: str) -> SecretSpec | None:
    return _BY_ENV.get(var)


def normalise(name: str, value: str) -> str:
    """The value to store for ``name``, or :class:`InvalidSecretValue` (value never echoed)."""
    s = spec(name)
    value = value.strip()
    if not value:
        raise InvalidSecretValue(name, "it is empty.")
    if len(value) > MAX_LENGTH:
        raise InvalidSecretValue(name, f"it is longer than {MAX_LENGTH} characters.")
    if not s.multiline and ("\n" in value or "\r" in value):
        raise InvalidSecretValue(name, "it must be a single line.")
    if s.choices:
        value = value.upper()
        if value not in s.choices:
            raise InvalidSecretValue(name, f"it must be one of {', '.join(s.choices)}.")
    elif name == "ai.base_url":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidSecretValue(name, "it must be an http:// or https:// URL with a host.")
    elif name == "telegram.bot_token" and not _TELEGRAM_TOKEN.match(value):
        raise InvalidSecretValue(name, "a bot token looks like 123456789:AAE... (digits, a "
                                       "colon, then letters, digits, '-' or '_').")
    elif name == "telegram.chat_id" and not _CHAT_ID.match(value):
        raise InvalidSecretValue(name, "it must be a number (negative for groups) or "
                                       "@channelname.")
    elif name in ("ssi.pin", "ssi.account") and any(c.isspace() for c in value):
        raise InvalidSecretValue(name, "it must not contain spaces.")
    return value


def mask(name: str, value: str) -> str:
    """Show at most the last ``reveal`` characters (4 at most), fewer for short values; the
    masked text never reveals the length. A choice (PIN/OTP) is not secret and shown whole."""
    s = spec(name)
    if s.choices and value in s.choices:
        return value
    shown = min(s.reveal, 4, len(value) // 4)
    return MASK + (value[-shown:] if shown > 0 else "")
