"""The fact-checkers' review UI (issue #6): `claimwatch review serve` / `review add-user`."""
