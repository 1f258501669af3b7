"""The two errors of the specs package: a bad specification file, and an input we cannot read."""


class SpecError(ValueError):
    """A specification (or code list) that cannot be used, with where and why.

    ``origin`` is the file, ``where`` the part of it ("field 'NHS_Number'", "rule
    'end-after-start'"), ``problem`` what is wrong and what to do about it.
    """

    def __init__(self, where: str, problem: str, origin: str | None = None):
        self.where = where
        self.problem = problem
        self.origin = origin
        super().__init__(f"{origin or '<specification>'}: {where}: {problem}")

    def in_file(self, origin: str) -> "SpecError":
        """The same error, now naming the file it came from."""
        return SpecError(self.where, self.problem, origin=self.origin or origin)


class UnusableInput(ValueError):
    """A file that cannot be validated at all: one clear sentence for the person who sent it.

    The command line exits with code 2 on it; the web app shows it instead of a report.
    """

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")
