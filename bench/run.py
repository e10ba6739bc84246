"""Every figure: the care guide, then the symptom diary.

.venv/bin/python bench/run.py
DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/run.py
"""

import diary
import guide

if __name__ == "__main__":
    guide.main()
    print()
    diary.main()
