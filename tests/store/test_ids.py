"""Id encodings: the fast paths agree with the standard library on every form it reads."""

import time
import uuid

import pytest

from store.ids import base62, from_base62, from_uuid_text, new_uid, new_uids, uuid_text

FORMS = [
    "12345678-1234-1234-1234-123456789abc",
    "12345678-1234-1234-1234-123456789ABC",
    "12345678123412341234123456789abc",
    "{12345678-1234-1234-1234-123456789abc}",
    "urn:uuid:12345678-1234-1234-1234-123456789abc",
    "12345678-1234-1234-1234-123456789ab ",  # int() forgives the space, so uuid.UUID does
    " 2345678-1234-1234-1234-123456789abc",
    "12345678-1234-1234-1234-1234567 9abc",
    "12345678-1234-1234-1234-1234_6789abc",
    "+2345678-1234-1234-1234-123456789abc",
    "1234567g-1234-1234-1234-123456789abc",
    "12345678-1234-1234-1234-123456789abcd",
    "",
    "-" * 36,
    "１２３４５６７８-1234-1234-1234-123456789abc",
]


def standard(text: str) -> bytes | None:
    try:
        return uuid.UUID(text).bytes
    except ValueError:
        return None


@pytest.mark.parametrize("text", FORMS)
def test_from_uuid_text_reads_what_uuid_reads(text):
    assert from_uuid_text(text) == standard(text)


def test_uuid_text_is_the_standard_rendering_and_round_trips():
    for uid in new_uids(50) + [bytes(16), b"\xff" * 16]:
        assert uuid_text(uid) == str(uuid.UUID(bytes=uid))
        assert from_uuid_text(uuid_text(uid)) == uid


def test_base62_round_trips_at_fixed_width_and_rejects_other_text():
    for uid in new_uids(50) + [bytes(16), b"\xff" * 16]:
        assert len(base62(uid)) == 22
        assert from_base62(base62(uid)) == uid
    assert from_base62("abc-def") is None
    assert from_base62("z" * 23) is None  # past 128 bits


def test_new_uids_are_uuidv7_stamped_now_and_strictly_increasing():
    before = time.time_ns() // 1_000_000
    made = [u for _ in range(50) for u in new_uids(40)] + [new_uid() for _ in range(200)]
    after = time.time_ns() // 1_000_000
    assert made == sorted(made) and len(set(made)) == len(made)
    for u in made:
        parsed = uuid.UUID(bytes=u)
        assert (parsed.version, parsed.variant) == (7, uuid.RFC_4122)
        assert before <= int.from_bytes(u[:6], "big") <= after
    random_bits = {int.from_bytes(u[8:], "big") & ((1 << 62) - 1) for u in made}
    assert len(random_bits) == len(made)  # the random tail really varies
