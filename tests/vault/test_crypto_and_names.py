"""The envelope, the KDF parameters, the secret names: validation and masking."""

from __future__ import annotations

import unicodedata

import pytest

from tradingtools_desktop.vault import InvalidSecretValue, UnknownSecret, mask, normalise, spec
from tradingtools_desktop.vault.crypto import (
    MIN_N,
    IntegrityError,
    ScryptParams,
    derive_key,
    new_key,
    open_sealed,
    passphrase_problem,
    seal,
    secret_aad,
)
from tradingtools_desktop.vault.names import NAMES, SPECS


def test_seal_when_opened_with_the_same_key_and_aad_then_round_trips() -> None:
    key = new_key()
    blob = seal(key, b"value", secret_aad("p1", "ssi.pin"))
    assert open_sealed(key, blob, secret_aad("p1", "ssi.pin")) == b"value"
    assert b"value" not in blob


@pytest.mark.parametrize("damage", ["flip", "truncate", "short", "other_name", "other_profile"])
def test_open_sealed_when_blob_or_binding_damaged_then_integrity_error(damage: str) -> None:
    key = new_key()
    blob = seal(key, b"value", secret_aad("p1", "ssi.pin"))
    aad = secret_aad("p1", "ssi.pin")
    if damage == "flip":
        blob = blob[:14] + bytes([blob[14] ^ 1]) + blob[15:]
    elif damage == "truncate":
        blob = blob[:-1]
    elif damage == "short":
        blob = blob[:10]
    elif damage == "other_name":
        aad = secret_aad("p1", "ai.api_key")
    else:
        aad = secret_aad("p2", "ssi.pin")
    with pytest.raises(IntegrityError):
        open_sealed(key, blob, aad)


def test_scrypt_params_when_round_tripped_then_same_key_and_out_of_range_refused() -> None:
    params = ScryptParams.fresh(MIN_N)
    again = ScryptParams.from_dict(params.to_dict())
    assert derive_key("a passphrase here", params) == derive_key("a passphrase here", again)
    for bad in ({**params.to_dict(), "n": 2**10}, {**params.to_dict(), "n": 2**30},
                {**params.to_dict(), "n": 3 * 2**15}, {**params.to_dict(), "kdf": "md5"},
                {**params.to_dict(), "salt": "!!"}, {}):
        with pytest.raises(IntegrityError):
            ScryptParams.from_dict(bad)
    with pytest.raises(ValueError):
        ScryptParams.fresh(2**10)


def test_passphrase_when_typed_with_decomposed_vietnamese_accents_then_same_key() -> None:
    typed_on_windows = unicodedata.normalize("NFC", "mật khẩu giao dịch của tôi")
    typed_on_macos = unicodedata.normalize("NFD", typed_on_windows)
    assert typed_on_windows != typed_on_macos
    params = ScryptParams.fresh(MIN_N)
    assert derive_key(typed_on_windows, params) == derive_key(typed_on_macos, params)


def test_passphrase_problem_when_short_then_refused() -> None:
    assert passphrase_problem("short") is not None
    assert passphrase_problem("long enough passphrase") is None


def test_names_are_the_issue_list_with_env_vars_and_help_in_two_languages() -> None:
    assert set(NAMES) == {
        "vnstock.api_key", "ssi.consumer_id", "ssi.consumer_secret", "ssi.private_key",
        "ssi.account", "ssi.two_factor", "ssi.pin", "ssi_data.consumer_id",
        "ssi_data.consumer_secret", "ai.base_url", "ai.model", "ai.api_key",
        "telegram.bot_token", "telegram.chat_id"}
    assert spec("ssi.consumer_secret").env_var == "TRADINGTOOLS_SSI_CONSUMER_SECRET"
    assert all(s.help and s.help_vi and s.label for s in SPECS)


def test_mask_when_values_of_any_length_then_at_most_four_shown_and_length_hidden() -> None:
    assert mask("ai.api_key", "sk-0123456789abcdef") == "****cdef"
    assert mask("ai.api_key", "abcdefgh") == "****gh"  # 8 characters: 2 shown
    assert mask("ai.api_key", "abc") == "****"
    assert mask("ssi.pin", "12345678") == "****"  # a PIN is never partly shown
    assert mask("telegram.chat_id", "123456789") == "****89"
    assert mask("ssi.two_factor", "OTP") == "OTP"  # a choice, not a secret
    assert len(mask("ai.api_key", "x" * 400)) == len(mask("ai.api_key", "x" * 40))


@pytest.mark.parametrize(("name", "value"), [
    ("ssi.two_factor", "SMS-secret-ish"), ("ai.base_url", "ftp://secret-host"),
    ("telegram.bot_token", "no-colon-secret"), ("telegram.chat_id", "chat secret"),
    ("ssi.pin", "12 34secret"), ("ai.api_key", "line1secret\nline2"), ("ai.api_key", "   "),
])
def test_normalise_when_value_invalid_then_error_names_secret_but_not_value(
        name: str, value: str) -> None:
    with pytest.raises(InvalidSecretValue) as info:
        normalise(name, value)
    assert name in info.value.user_message
    assert "secret" not in str(info.value).replace(name, "")


def test_normalise_when_valid_then_trimmed_and_choice_upper_cased() -> None:
    assert normalise("ssi.two_factor", " otp\n") == "OTP"
    assert normalise("ai.api_key", "  sk-abc\n") == "sk-abc"
    pem = "-----BEGIN KEY-----\nabc\ndef\n-----END KEY-----\n"
    assert normalise("ssi.private_key", pem) == pem.strip()
    assert normalise("telegram.chat_id", "-1001234") == "-1001234"


def test_unknown_name_when_it_looks_like_a_pasted_value_then_not_echoed() -> None:
    with pytest.raises(UnknownSecret) as info:
        spec("sk-live-0123456789")
    assert "sk-live" not in str(info.value)
    with pytest.raises(UnknownSecret) as info:
        spec("ssi.password")
    assert "ssi.password" in str(info.value)
