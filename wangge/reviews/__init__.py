"""Special review of major problems (重大问题专项研判) and campaigns (集中排查治理)."""
