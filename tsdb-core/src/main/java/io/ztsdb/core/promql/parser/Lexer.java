// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.parser;

import io.ztsdb.core.promql.GoQuote;
import io.ztsdb.core.promql.PromqlParseException;
import io.ztsdb.core.promql.ast.TokenType;

import java.util.Arrays;

/**
 * Splits a PromQL query into tokens, following Prometheus' lexer ({@code promql/parser/lex.go}) state by state:
 * statements, inside braces (label matchers), inside brackets (range and subquery durations), strings and
 * comments. Keywords are case-insensitive; {@code inf} and {@code nan} are numbers.
 * <p>
 * The tokens are kept as three parallel arrays (type, start, end) over the query text, so lexing allocates only
 * the arrays, whatever the query.
 */
final class Lexer {
    private static final TokenType[] TYPES = TokenType.values();

    private final String input;
    private int pos;
    private int count;
    private byte[] types = new byte[16];
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int parenDepth;
    private boolean braceOpen;
    private boolean bracketOpen;
    private boolean gotColon;

    private Lexer(final String input) {
        this.input = input;
    }

    /**
     * @param input the query.
     * @return its tokens, the last one {@link TokenType#EOF}.
     * @throws PromqlParseException on a lexical error.
     */
    static Lexer lex(final String input) {
        final Lexer lexer = new Lexer(input);
        lexer.run();
        return lexer;
    }

    int count() {
        return count;
    }

    TokenType type(final int token) {
        return TYPES[types[token]];
    }

    int start(final int token) {
        return starts[token];
    }

    int end(final int token) {
        return ends[token];
    }

    String text(final int token) {
        return input.substring(starts[token], ends[token]);
    }

    String input() {
        return input;
    }

    private void emit(final TokenType type, final int start, final int end) {
        if (count == types.length) {
            types = Arrays.copyOf(types, count * 2);
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        types[count] = (byte) type.ordinal();
        starts[count] = start;
        ends[count] = end;
        count++;
    }

    private PromqlParseException error(final int at, final String message) {
        return new PromqlParseException(input, at, message);
    }

    private char peek() {
        return pos < input.length() ? input.charAt(pos) : 0;
    }

    private boolean atEnd() {
        return pos >= input.length();
    }

    private void run() {
        while (true) {
            if (braceOpen) {
                insideBraces();
                continue;
            }
            if (atEnd()) {
                if (parenDepth != 0) {
                    throw error(pos, "unclosed left parenthesis");
                }
                if (bracketOpen) {
                    throw error(pos, "unclosed left bracket");
                }
                emit(TokenType.EOF, pos, pos);
                return;
            }
            statement();
        }
    }

    private void statement() {
        final int start = pos;
        final char c = input.charAt(pos++);
        switch (c) {
            case '#' -> skipComment();
            case ' ', '\t', '\n', '\r' -> {
            }
            case ',' -> emit(TokenType.COMMA, start, pos);
            case '*' -> emit(TokenType.MUL, start, pos);
            case '/' -> emit(TokenType.DIV, start, pos);
            case '%' -> emit(TokenType.MOD, start, pos);
            case '+' -> emit(TokenType.ADD, start, pos);
            case '-' -> emit(TokenType.SUB, start, pos);
            case '^' -> emit(TokenType.POW, start, pos);
            case '@' -> emit(TokenType.AT, start, pos);
            case '=' -> equals(start);
            case '!' -> {
                if (peek() != '=') {
                    throw error(start, "unexpected character after '!': " + quoteRune(peekOrEof()));
                }
                pos++;
                emit(TokenType.NEQ, start, pos);
            }
            case '<', '>' -> {
                final boolean orEqual = peek() == '=';
                if (orEqual) {
                    pos++;
                }
                emit(c == '<' ? (orEqual ? TokenType.LTE : TokenType.LSS) : (orEqual ? TokenType.GTE : TokenType.GTR),
                    start, pos);
            }
            case '"', '\'' -> string(start, c);
            case '`' -> rawString(start);
            case '(' -> {
                emit(TokenType.LEFT_PAREN, start, pos);
                parenDepth++;
            }
            case ')' -> {
                emit(TokenType.RIGHT_PAREN, start, pos);
                if (--parenDepth < 0) {
                    throw error(start, "unexpected right parenthesis ')'");
                }
            }
            case '{' -> {
                emit(TokenType.LEFT_BRACE, start, pos);
                braceOpen = true;
            }
            case '[' -> leftBracket(start);
            case ']' -> {
                if (!bracketOpen) {
                    throw error(start, "unexpected right bracket ']'");
                }
                emit(TokenType.RIGHT_BRACKET, start, pos);
                bracketOpen = false;
            }
            default -> other(start, c);
        }
    }

    private void equals(final int start) {
        final char next = peek();
        if (next == '=') {
            pos++;
            emit(TokenType.EQLC, start, pos);
        } else if (next == '~') {
            throw error(start, "unexpected character after '=': '~'");
        } else {
            emit(TokenType.EQL, start, pos);
        }
    }

    private void other(final int start, final char c) {
        if (isDigit(c) || (c == '.' && isDigit(peek()))) {
            pos = start;
            numberOrDuration();
        } else if (c == ':' && bracketOpen) {
            if (gotColon) {
                throw error(start, "unexpected colon ':'");
            }
            emit(TokenType.COLON, start, pos);
            gotColon = true;
        } else if (isAlpha(c) || c == ':') {
            if (bracketOpen) {
                throw error(start, "unexpected character inside brackets: " + quoteRune(c));
            }
            keywordOrIdentifier(start);
        } else {
            throw error(start, "unexpected character: " + quoteRune(input.codePointAt(start)));
        }
    }

    private void leftBracket(final int start) {
        if (bracketOpen) {
            throw error(start, "unexpected left bracket '['");
        }
        gotColon = false;
        emit(TokenType.LEFT_BRACKET, start, pos);
        while (isSpace(peek()) && !atEnd()) {
            pos++;
        }
        bracketOpen = true;
        // The first token in brackets must be a duration.
        final int durationStart = pos;
        if (scanNumber()) {
            throw error(durationStart, "missing unit character in duration");
        }
        if (!acceptRemainingDuration()) {
            throw error(durationStart, "bad duration syntax: " + goQuote(input.substring(durationStart,
                Math.min(pos, input.length()))));
        }
        emit(TokenType.DURATION, durationStart, pos);
    }

    private void insideBraces() {
        if (atEnd()) {
            throw error(pos, "unexpected end of input inside braces");
        }
        final int start = pos;
        final char c = input.charAt(pos++);
        switch (c) {
            case '#' -> skipComment();
            case ' ', '\t', '\n', '\r' -> {
            }
            case ',' -> emit(TokenType.COMMA, start, pos);
            case '"', '\'' -> string(start, c);
            case '`' -> rawString(start);
            case '=' -> {
                if (peek() == '~') {
                    pos++;
                    emit(TokenType.EQL_REGEX, start, pos);
                } else {
                    emit(TokenType.EQL, start, pos);
                }
            }
            case '!' -> {
                final char next = peek();
                if (next == '~' || next == '=') {
                    pos++;
                    emit(next == '~' ? TokenType.NEQ_REGEX : TokenType.NEQ, start, pos);
                } else {
                    throw error(start, "unexpected character after '!' inside braces: " + quoteRune(peekOrEof()));
                }
            }
            case '{' -> throw error(start, "unexpected left brace '{'");
            case '}' -> {
                emit(TokenType.RIGHT_BRACE, start, pos);
                braceOpen = false;
            }
            default -> {
                if (!isAlpha(c)) {
                    throw error(start, "unexpected character inside braces: " + quoteRune(input.codePointAt(start)));
                }
                while (!atEnd() && isAlphaNumeric(input.charAt(pos))) {
                    pos++;
                }
                emit(TokenType.IDENTIFIER, start, pos);
            }
        }
    }

    private void skipComment() {
        while (!atEnd() && input.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void keywordOrIdentifier(final int start) {
        boolean colon = input.charAt(start) == ':';
        while (!atEnd()) {
            final char c = input.charAt(pos);
            if (c == ':') {
                colon = true;
            } else if (!isAlphaNumeric(c)) {
                break;
            }
            pos++;
        }
        final TokenType keyword = Keywords.lookup(input, start, pos);
        if (keyword != null) {
            emit(keyword, start, pos);
        } else {
            emit(colon ? TokenType.METRIC_IDENTIFIER : TokenType.IDENTIFIER, start, pos);
        }
    }

    private void numberOrDuration() {
        final int start = pos;
        if (scanNumber()) {
            emit(TokenType.NUMBER, start, pos);
            return;
        }
        if (acceptRemainingDuration()) {
            emit(TokenType.DURATION, start, pos);
            return;
        }
        throw error(start, "bad number or duration syntax: " + goQuote(input.substring(start,
            Math.min(pos, input.length()))));
    }

    /** Scans a number; true when what follows is not alphanumeric (else it may be a duration). */
    private boolean scanNumber() {
        String digits = "0123456789";
        if (accept("0") && accept("xX")) {
            digits = "0123456789abcdefABCDEF";
        }
        acceptRun(digits);
        if (accept(".")) {
            acceptRun(digits);
        }
        if (accept("eE")) {
            accept("+-");
            acceptRun("0123456789");
        }
        return atEnd() || !isAlphaNumeric(peek());
    }

    private boolean acceptRemainingDuration() {
        if (!accept("smhdwy")) {
            return false;
        }
        accept("s");
        while (accept("0123456789")) {
            acceptRun("0123456789");
            if (!accept("smhdw")) {
                return false;
            }
            accept("s");
        }
        return atEnd() || !isAlphaNumeric(peek());
    }

    private boolean accept(final String valid) {
        if (!atEnd() && valid.indexOf(input.charAt(pos)) >= 0) {
            pos++;
            return true;
        }
        return false;
    }

    private void acceptRun(final String valid) {
        while (!atEnd() && valid.indexOf(input.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private void string(final int start, final char quote) {
        while (true) {
            if (atEnd()) {
                throw error(start, "unterminated quoted string");
            }
            final char c = input.charAt(pos++);
            if (c == '\\') {
                escape(quote);
            } else if (c == '\n') {
                throw error(start, "unterminated quoted string");
            } else if (c == quote) {
                break;
            }
        }
        emit(TokenType.STRING, start, pos);
    }

    private void escape(final char quote) {
        if (atEnd()) {
            throw error(pos, "escape sequence not terminated");
        }
        final int at = pos;
        char c = input.charAt(pos++);
        final int digits;
        final int base;
        final int max;
        switch (c) {
            case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> {
                return;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                digits = 3;
                base = 8;
                max = 255;
            }
            case 'x', 'u', 'U' -> {
                digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
                base = 16;
                max = c == 'x' ? 255 : Character.MAX_CODE_POINT;
                if (atEnd()) {
                    throw error(pos, "escape sequence not terminated");
                }
                c = input.charAt(pos++);
            }
            default -> {
                if (c == quote) {
                    return;
                }
                throw error(at, "unknown escape sequence " + unicodeName(c));
            }
        }
        int value = 0;
        for (int n = digits; n > 0; n--) {
            final int digit = Character.digit(c, base);
            if (digit < 0) {
                throw error(pos - 1, "illegal character " + unicodeName(c) + " in escape sequence");
            }
            value = value * base + digit;
            if (n > 1) {
                if (atEnd()) {
                    throw error(pos, "escape sequence not terminated");
                }
                c = input.charAt(pos++);
            }
        }
        if (value > max || (value >= 0xD800 && value < 0xE000)) {
            throw error(at, "escape sequence is an invalid Unicode code point");
        }
    }

    private void rawString(final int start) {
        while (true) {
            if (atEnd()) {
                throw error(start, "unterminated raw string");
            }
            if (input.charAt(pos++) == '`') {
                break;
            }
        }
        emit(TokenType.STRING, start, pos);
    }

    private int peekOrEof() {
        return atEnd() ? -1 : input.codePointAt(pos);
    }

    private static String unicodeName(final int c) {
        return String.format("U+%04X '%s'", c, new String(Character.toChars(c)));
    }

    private static String quoteRune(final int c) {
        if (c < 0) {
            return "EOF";
        }
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '\\') {
            return "'\\\\'";
        }
        return "'" + new String(Character.toChars(c)) + "'";
    }

    private static String goQuote(final String s) {
        return GoQuote.quote(s);
    }

    static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlpha(final char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAlphaNumeric(final char c) {
        return isAlpha(c) || isDigit(c);
    }

    private static boolean isSpace(final char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
