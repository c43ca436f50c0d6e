"""The Zhengzhou demo region tree: real districts and townships, generated grids below them.

`sources` reads the real data, `tessellation` splits a region into children that tile
it, `naming` names generated regions, `tree` builds the whole tree in memory and
`loading` writes it to the database.
"""
