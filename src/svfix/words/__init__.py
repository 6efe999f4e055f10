"""The word stage: diacritics, OCR confusions and compounds restored, decided in context.

Modules, in the order data flows through them: :mod:`~svfix.words.scan` (where the
words are), :mod:`~svfix.words.tokens` and :mod:`~svfix.words.protect` (what may not
change), :mod:`~svfix.words.profile` and :mod:`~svfix.words.damage` (how damaged this
document is: stripped, or OCR'd through the confusions of :mod:`~svfix.words.channel`),
:mod:`~svfix.words.candidates` and :mod:`~svfix.words.offers` (what each word could be),
:mod:`~svfix.words.decode` (choosing in context) and :mod:`~svfix.words.restore` (the
stage itself).
"""
