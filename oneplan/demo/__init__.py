"""The demo: Rayong (province 21) and its neighbours, as data files under `data/` and one
loader (`loader.load_demo`). It sits above every app and imports them; no app imports it."""
