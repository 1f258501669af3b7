"""The one error an instrument file raises when it is wrong: it names the file and the place."""


class InstrumentError(ValueError):
    """An instrument definition that cannot be used, with where and why.

    ``origin`` is the file (or ``None`` until the loader knows it), ``where`` the part of the
    instrument ("item 'need-3'", "band set 'principle'"), ``problem`` what is wrong and what to
    do about it.
    """

    def __init__(self, where: str, problem: str, origin: str | None = None):
        self.where = where
        self.problem = problem
        self.origin = origin
        super().__init__(f"{origin or '<instrument>'}: {where}: {problem}")

    def in_file(self, origin: str) -> "InstrumentError":
        """The same error, now naming the file it came from."""
        return InstrumentError(self.where, self.problem, origin=self.origin or origin)
