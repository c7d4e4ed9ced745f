/* TeX control sequences that stand for one symbol: Greek, relations,
 * binary operators, arrows, large operators, delimiters, function names,
 * accents, spaces and math alphabets (texsym.c). */
#ifndef GAL_TEXSYM_H
#define GAL_TEXSYM_H

typedef enum {
	TS_ORD,        /* mi (italic when a Latin or lowercase Greek letter) */
	TS_UPRIGHT,    /* mi mathvariant=normal: capital Greek, symbols */
	TS_OP,         /* mo: binary, relation, punctuation, large operator */
	TS_OPEN, TS_CLOSE, /* mo fences (also usable after \left, \right) */
	TS_FENCE,      /* | and ‖: open or close by position */
	TS_FUNC,       /* mi upright name, then U+2061 (\sin) */
	TS_FUNC_LIMITS,/* mo with movable limits (\lim, \max) */
	TS_ACCENT,     /* mover accent=true, not stretchy (\hat) */
	TS_WIDEACCENT, /* mover accent=true, stretchy (\widehat, \overline) */
	TS_UNDER,      /* munder accentunder=true, stretchy (\underline) */
	TS_OVERBRACE,  /* mover of a stretchy brace; takes limits */
	TS_UNDERBRACE,
	TS_SPACE,      /* mspace, `value` in 1/18 em */
	TS_FONT,       /* \mathbf{...}: `value` is the mathvariant */
	TS_OLDFONT,    /* \bf ...: the rest of the group */
	TS_STYLE,      /* \displaystyle: `value` 0 display .. 3 scriptscript */
	TS_BIG,        /* \big...: `value` size in 1/1000 em; text form */
	TS_IGNORE      /* accepted and dropped (\relax, \nonumber) */
} texsym_class;

typedef struct {
	const char *name;   /* without the backslash */
	const char *text;   /* UTF-8, or the form for \big ("l", "r", "m", "") */
	unsigned char cls;  /* texsym_class */
	short value;
} texsym;

/* the symbol named `name` (len bytes), or NULL */
const texsym *gal_texsym_find(const char *name, size_t len);
/* the negation of a relation for \not (≠ for =), or NULL */
const char *gal_texsym_negate(const char *rel);
/* whether the table is in strcmp order (tests) */
int gal_texsym_sorted(void);

#endif
