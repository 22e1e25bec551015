//! Tokens: what the lexer hands the parser.
//!
//! A token is a kind plus its position; its text is a slice of the source (`&src[start..end]`),
//! so the lexer allocates nothing per token. As in CPython 3.11, a whole string literal (f-strings
//! included) is one `String` token: the parser decodes it and parses f-string replacement fields.
//! Hard keywords get their own kind; soft keywords (`match`, `case`, `_`) stay `Name`s.

/// A position in the source: byte offset, 1-based line, 0-based UTF-8 byte column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Pos {
    /// Byte offset from the start of the source.
    pub offset: u32,
    /// Line, 1-based.
    pub line: u32,
    /// Column in UTF-8 bytes from the start of the line, 0-based (CPython's `col_offset`).
    pub col: u32,
}

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it starts.
    pub start: Pos,
    /// Where it ends (exclusive).
    pub end: Pos,
}

/// Token kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// An identifier that is not a hard keyword (includes the soft keywords).
    Name,
    /// A numeric literal, as written (`0x_1F`, `1e-3`, `2j`).
    Number,
    /// One string literal with its prefix and quotes (`rb'..'`, `f"""..."""`).
    String,
    /// A hard keyword.
    Keyword(Keyword),
    /// An operator or delimiter.
    Op(Op),
    /// End of a logical line.
    Newline,
    /// Indentation increased.
    Indent,
    /// Indentation decreased (one per level closed).
    Dedent,
    /// End of input.
    EndMarker,
}

/// Hard keywords of Python 3.11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Keyword {
    False,
    None,
    True,
    And,
    As,
    Assert,
    Async,
    Await,
    Break,
    Class,
    Continue,
    Def,
    Del,
    Elif,
    Else,
    Except,
    Finally,
    For,
    From,
    Global,
    If,
    Import,
    In,
    Is,
    Lambda,
    Nonlocal,
    Not,
    Or,
    Pass,
    Raise,
    Return,
    Try,
    While,
    With,
    Yield,
}

impl Keyword {
    /// The keyword spelled `s`, if it is one.
    #[allow(clippy::should_implement_trait)] // infallible lookup, not a parse: no FromStr error type
    pub fn from_str(s: &str) -> Option<Keyword> {
        use Keyword::*;
        Some(match s {
            "False" => False,
            "None" => None,
            "True" => True,
            "and" => And,
            "as" => As,
            "assert" => Assert,
            "async" => Async,
            "await" => Await,
            "break" => Break,
            "class" => Class,
            "continue" => Continue,
            "def" => Def,
            "del" => Del,
            "elif" => Elif,
            "else" => Else,
            "except" => Except,
            "finally" => Finally,
            "for" => For,
            "from" => From,
            "global" => Global,
            "if" => If,
            "import" => Import,
            "in" => In,
            "is" => Is,
            "lambda" => Lambda,
            "nonlocal" => Nonlocal,
            "not" => Not,
            "or" => Or,
            "pass" => Pass,
            "raise" => Raise,
            "return" => Return,
            "try" => Try,
            "while" => While,
            "with" => With,
            "yield" => Yield,
            _ => return Option::None,
        })
    }
}

/// Operators and delimiters. The comment is the spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Op {
    LPar,             // (
    RPar,             // )
    LSqb,             // [
    RSqb,             // ]
    LBrace,           // {
    RBrace,           // }
    Colon,            // :
    Comma,            // ,
    Semi,             // ;
    Plus,             // +
    Minus,            // -
    Star,             // *
    Slash,            // /
    VBar,             // |
    Amper,            // &
    Less,             // <
    Greater,          // >
    Equal,            // =
    Dot,              // .
    Percent,          // %
    EqEqual,          // ==
    NotEqual,         // !=
    LessEqual,        // <=
    GreaterEqual,     // >=
    Tilde,            // ~
    Circumflex,       // ^
    LeftShift,        // <<
    RightShift,       // >>
    DoubleStar,       // **
    PlusEqual,        // +=
    MinEqual,         // -=
    StarEqual,        // *=
    SlashEqual,       // /=
    PercentEqual,     // %=
    AmperEqual,       // &=
    VBarEqual,        // |=
    CircumflexEqual,  // ^=
    LeftShiftEqual,   // <<=
    RightShiftEqual,  // >>=
    DoubleStarEqual,  // **=
    DoubleSlash,      // //
    DoubleSlashEqual, // //=
    At,               // @
    AtEqual,          // @=
    RArrow,           // ->
    Ellipsis,         // ...
    ColonEqual,       // :=
    Exclamation,      // ! (only inside f-string replacement fields)
}
