"""What one ``rosetta migrate`` run was asked to do."""

from __future__ import annotations

import msgspec

from gateway.migrate.pacing import DEFAULT_RETRIES

PAGE_SIZE = 100


class Options(msgspec.Struct, kw_only=True):
    vendor: str  # honcho-v3 | honcho-v1 | zep | zep-v4 | openai
    push: bool  # True: --to (store -> vendor); False: --from (vendor -> store)
    url: str
    key: str | None = None
    db: str = "./rosetta.db"
    workspace: str | None = None
    thread_ids: list[str] = []
    page_size: int = PAGE_SIZE
    max_retries: int = DEFAULT_RETRIES
    restart: bool = False

    def workspace_or_default(self) -> str:
        """Zep and OpenAI accounts have no workspace names: their records land in --workspace,
        else ``default`` (the workspace those dialects use with auth off, docs/contract.md §1)."""
        return self.workspace or "default"
