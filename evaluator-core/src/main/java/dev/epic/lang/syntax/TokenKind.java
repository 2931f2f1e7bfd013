package dev.epic.lang.syntax;

/** The kinds of token the lexer produces. */
public enum TokenKind {
    INT("integer"), FLOAT("float"), STRING("string"), NAME("name"), QNAME("qualified name"),
    LET("'let'"), REC("'rec'"), AND("'and'"), IN("'in'"), FUN("'fun'"), IF("'if'"), THEN("'then'"),
    ELSE("'else'"), VAL("'val'"), NOT("'not'"), TRUE("'true'"), FALSE("'false'"),
    ARROW("'->'"), LARROW("'<-'"), EQ("'='"), NE("'<>'"), LT("'<'"), LE("'<='"), GT("'>'"), GE("'>='"),
    OROR("'||'"), ANDAND("'&&'"), CONS("'::'"), PLUS("'+'"), MINUS("'-'"), CARET("'^'"), STAR("'*'"),
    SLASH("'/'"), PERCENT("'%'"), LPAREN("'('"), RPAREN("')'"), LBRACK("'['"), RBRACK("']'"),
    LBRACE("'{'"), RBRACE("'}'"), COMMA("','"), SEMI("';'"), DOT("'.'"), UNDERSCORE("'_'"),
    EOF("end of input");

    private final String display;

    TokenKind(String display) {
        this.display = display;
    }

    public String display() {
        return display;
    }
}
