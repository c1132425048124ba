"""The hash receipt secrets are stored under.

A receipt secret is 137 random bits (testimony.new_secret): no one can try a meaningful share of
them, so a slow hash would only slow every submission (Argon2 with Django's settings cost 251 ms of
CPU, 85 % of the submission) without protecting anything. Salted SHA-256 is enough, as for API
tokens. It is deliberately not keyed: a key would be one more secret whose loss, or careless
rotation, locks every author out of their testimony, for no gain against 137 bits.

Receipts issued before, with 78 bits, keep their Argon2 hashes: check_password tells the two
apart by their prefix, so they still open, and Argon2 still guards their lower entropy.
"""

import hashlib

from django.contrib.auth.hashers import BasePasswordHasher, mask_hash
from django.utils.crypto import constant_time_compare


class ReceiptSecretHasher(BasePasswordHasher):
    """For random secrets of at least 128 bits only; never for passwords people choose."""

    algorithm = "receipt_sha256"

    def encode(self, password: str, salt: str) -> str:
        self._check_encode_args(password, salt)
        digest = hashlib.sha256(f"{salt}${password}".encode()).hexdigest()
        return f"{self.algorithm}${salt}${digest}"

    def decode(self, encoded: str) -> dict:
        algorithm, salt, digest = encoded.split("$", 2)
        if algorithm != self.algorithm:
            raise ValueError(f"not a {self.algorithm} hash")
        return {"algorithm": algorithm, "hash": digest, "salt": salt}

    def verify(self, password: str, encoded: str) -> bool:
        return constant_time_compare(encoded, self.encode(password, self.decode(encoded)["salt"]))

    def safe_summary(self, encoded: str) -> dict:
        decoded = self.decode(encoded)
        # Shown to no one: receipts are no user's password, so the admin's password widget never lists them.
        return {
            "algorithm": decoded["algorithm"],
            "salt": mask_hash(decoded["salt"]),
            "hash": mask_hash(decoded["hash"]),
        }

    def harden_runtime(self, password: str, encoded: str) -> None:
        pass
