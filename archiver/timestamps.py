"""Trusted timestamps over the evidence chain (RFC 3161), with rfc3161-client.

`request_timestamp` asks a time-stamping authority (TSA) to sign the chain head: the
request's message imprint is the SHA-256 of the head's 32 bytes, with a nonce; the answer
is checked at once (status, nonce, imprint, signature up to a trusted root) and returned
to be stored as received. `token_problem` checks a stored token again, later, against the
head it names. Trust: the CA certificates given (`--tsa-ca`), kept with the token, or the
usual web trust store (certifi) when none are given.

The ASN.1 and the signature checks are rfc3161-client's (and OpenSSL's under it); nothing
here parses a token by hand.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .http import Http

#: Used when `archiver timestamp` is given no --tsa: a public authority whose certificate
#: chain ends at a root of the usual web trust store.
DEFAULT_TSA = "http://timestamp.digicert.com"
QUERY_TYPE = "application/timestamp-query"
REPLY_TYPE = "application/timestamp-reply"
MAX_REPLY_BYTES = 1024 * 1024


class TimestampError(Exception):
    """The authority could not be asked, or its answer is not a valid token for the head."""


@dataclass(frozen=True, slots=True)
class Token:
    """A token to store: what the authority answered, and what it states."""

    tsa_url: str
    head_seq: int
    head_sha256: str
    gen_time: str
    serial: str
    policy: str | None
    token: bytes
    roots: str | None


def _message(head_sha256: str) -> bytes:
    return bytes.fromhex(head_sha256)


def _roots(pem: str | None):
    from cryptography import x509

    if pem is None:
        import certifi

        pem = open(certifi.where(), encoding="ascii").read()
    certificates = x509.load_pem_x509_certificates(pem.encode("ascii"))
    if not certificates:
        raise TimestampError("no CA certificate to trust")
    return certificates


def _verifier(roots_pem: str | None, nonce: int | None = None):
    from rfc3161_client import VerifierBuilder

    builder = VerifierBuilder(nonce=nonce)
    for certificate in _roots(roots_pem):
        builder = builder.add_root_certificate(certificate)
    return builder.build()


def _short(exc: BaseException) -> str:
    """An rfc3161-client or OpenSSL message on one line, without OpenSSL's error stack."""
    text = " ".join(str(exc).split())
    return text.split(": ErrorStack")[0][:200]


def request_timestamp(http: Http, tsa_url: str, head_seq: int, head_sha256: str,
                      roots_pem: str | None = None) -> Token:
    """Ask `tsa_url` to sign the chain head, check the answer, and return it.

    Raises:
        TimestampError: the authority could not be reached, refused, or answered with a
            token that does not sign this head, or not up to a trusted root.
    """
    from rfc3161_client import (HashAlgorithm, TimestampRequestBuilder, VerificationError,
                                decode_timestamp_response)

    request = (TimestampRequestBuilder().data(_message(head_sha256))
               .hash_algorithm(HashAlgorithm.SHA256).nonce(nonce=True).build())
    answer = http.post(tsa_url, request.as_bytes(), QUERY_TYPE,
                       max_body_bytes=MAX_REPLY_BYTES)
    if not answer.ok:
        raise TimestampError(answer.detail or answer.error)
    try:
        response = decode_timestamp_response(answer.body)
    except ValueError as exc:
        raise TimestampError(f"{tsa_url} answered something that is not a timestamp "
                             f"response ({_short(exc)})") from None
    try:
        _verifier(roots_pem, request.nonce).verify_message(response, _message(head_sha256))
    except (VerificationError, ValueError) as exc:
        raise TimestampError(f"{tsa_url}: the token does not hold: {_short(exc)}") from None
    info = response.tst_info
    return Token(tsa_url=tsa_url, head_seq=head_seq, head_sha256=head_sha256,
                 gen_time=info.gen_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 serial=str(info.serial_number), policy=info.policy.dotted_string,
                 token=answer.body, roots=roots_pem)


def token_problem(token: bytes, head_sha256: str, roots_pem: str | None) -> str | None:
    """Why a stored token is not a valid timestamp of `head_sha256`, or None."""
    from rfc3161_client import VerificationError, decode_timestamp_response

    try:
        response = decode_timestamp_response(bytes(token))
    except ValueError as exc:
        return f"the token cannot be read ({_short(exc)})"
    imprint = response.tst_info.message_imprint.message
    if imprint != hashlib.sha256(_message(head_sha256)).digest():
        return f"the token signs another head than {head_sha256}"
    try:
        _verifier(roots_pem).verify_message(response, _message(head_sha256))
    except (VerificationError, ValueError, TimestampError) as exc:
        return f"the token does not verify: {_short(exc)}"
    return None
