"""libcst codemods used as the peer of `apptlint check --fix` (found through .libcst.codemod.yaml)."""
