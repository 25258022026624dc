package io.c2intents.lab.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a POSIX {@code sh} command line into words and operators, resolving quotes the way {@code sh} does: single
 * quotes keep everything literally; double quotes keep everything but {@code $NAME} expansion and the backslash
 * escapes of {@code \" \\ \$ \`}; an unquoted backslash escapes the next character. Operators: {@code ; & && | ||},
 * newlines, and the redirections {@code > >> < 2> 2>> 2>&1 >&2}. Command substitution and subshells are refused
 * with a syntax error rather than guessed at.
 */
public final class ShellTokenizer {

    /**
     * A word or an operator.
     *
     * @param operator whether this is an operator ({@code ;}, {@code &&}, {@code >}, ...) rather than a word
     * @param text the word with quotes resolved, or the operator
     * @param glob whether the word holds an unquoted {@code *}, {@code ?} or {@code [} to expand against files
     */
    public record Token(boolean operator, String text, boolean glob) {

        static Token word(String text, boolean glob) {
            return new Token(false, text, glob);
        }

        static Token op(String text) {
            return new Token(true, text, false);
        }

        @Override
        public String toString() {
            return operator ? "<" + text + ">" : text;
        }
    }

    private final String line;
    private final Map<String, String> env;
    private final List<Token> tokens = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;
    private boolean glob;
    private boolean quoted;
    private int pos;

    private ShellTokenizer(String line, Map<String, String> env) {
        this.line = line;
        this.env = env;
    }

    /** Tokenizes {@code line}, expanding {@code $NAME} from {@code env}. */
    public static List<Token> tokenize(String line, Map<String, String> env) throws ShellSyntaxException {
        ShellTokenizer tokenizer = new ShellTokenizer(line, env);
        tokenizer.run();
        return tokenizer.tokens;
    }

    private void run() throws ShellSyntaxException {
        while (pos < line.length()) {
            char c = line.charAt(pos);
            switch (c) {
                case ' ', '\t', '\r' -> {
                    endWord();
                    pos++;
                }
                case '\n' -> {
                    endWord();
                    tokens.add(Token.op(";"));
                    pos++;
                }
                case '#' -> {
                    if (inWord) {
                        word.append(c);
                        pos++;
                    } else {
                        while (pos < line.length() && line.charAt(pos) != '\n') {
                            pos++;
                        }
                    }
                }
                case '\'' -> singleQuoted();
                case '"' -> doubleQuoted();
                case '\\' -> {
                    inWord = true;
                    pos++;
                    if (pos < line.length()) {
                        char next = line.charAt(pos++);
                        if (next != '\n') {
                            word.append(next);
                        }
                    } else {
                        word.append('\\');
                    }
                }
                case '$' -> dollar(false);
                case '`' -> throw new ShellSyntaxException("command substitution (`...`) is not supported by the lab");
                case '(', ')' -> throw new ShellSyntaxException("unexpected \"" + c + "\" (subshells are not supported by the lab)");
                case ';' -> {
                    endWord();
                    tokens.add(Token.op(";"));
                    pos++;
                }
                case '&' -> {
                    endWord();
                    if (peek(1) == '&') {
                        tokens.add(Token.op("&&"));
                        pos += 2;
                    } else {
                        tokens.add(Token.op("&"));
                        pos++;
                    }
                }
                case '|' -> {
                    endWord();
                    if (peek(1) == '|') {
                        tokens.add(Token.op("||"));
                        pos += 2;
                    } else {
                        tokens.add(Token.op("|"));
                        pos++;
                    }
                }
                case '>', '<' -> redirection(c);
                default -> {
                    if (c == '*' || c == '?' || c == '[') {
                        glob = true;
                    }
                    inWord = true;
                    word.append(c);
                    pos++;
                }
            }
        }
        endWord();
    }

    private void redirection(char c) {
        String fd = "";
        if (inWord && !quoted && (word.toString().equals("1") || word.toString().equals("2"))) {
            fd = word.toString();
            word.setLength(0);
            inWord = false;
            glob = false;
        } else {
            endWord();
        }
        pos++;
        if (c == '<') {
            tokens.add(Token.op("<"));
            return;
        }
        String op = fd.equals("1") ? ">" : fd + ">";
        if (peek(0) == '>') {
            op += ">";
            pos++;
        } else if (peek(0) == '&' && (peek(1) == '1' || peek(1) == '2')) {
            op = (fd.isEmpty() ? "1" : fd) + ">&" + peek(1);
            pos += 2;
        }
        tokens.add(Token.op(op));
    }

    private void singleQuoted() throws ShellSyntaxException {
        int end = line.indexOf('\'', pos + 1);
        if (end < 0) {
            throw new ShellSyntaxException("unterminated quoted string");
        }
        word.append(line, pos + 1, end);
        inWord = true;
        quoted = true;
        pos = end + 1;
    }

    private void doubleQuoted() throws ShellSyntaxException {
        inWord = true;
        quoted = true;
        pos++;
        while (true) {
            if (pos >= line.length()) {
                throw new ShellSyntaxException("unterminated quoted string");
            }
            char c = line.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\\' && pos + 1 < line.length()) {
                char next = line.charAt(pos + 1);
                if (next == '"' || next == '\\' || next == '$' || next == '`') {
                    word.append(next);
                    pos += 2;
                    continue;
                }
                if (next == '\n') {
                    pos += 2;
                    continue;
                }
                word.append(c);
                pos++;
                continue;
            }
            if (c == '$') {
                dollar(true);
                continue;
            }
            if (c == '`') {
                throw new ShellSyntaxException("command substitution (`...`) is not supported by the lab");
            }
            word.append(c);
            pos++;
        }
    }

    private void dollar(boolean inDoubleQuotes) throws ShellSyntaxException {
        inWord = true;
        char next = peek(1);
        if (next == '(') {
            throw new ShellSyntaxException("command substitution ($(...)) is not supported by the lab");
        }
        if (next == '{') {
            int end = line.indexOf('}', pos + 2);
            if (end < 0) {
                throw new ShellSyntaxException("missing '}'");
            }
            word.append(env.getOrDefault(line.substring(pos + 2, end), ""));
            pos = end + 1;
            return;
        }
        if (next == '?') {
            word.append(env.getOrDefault("?", "0"));
            pos += 2;
            return;
        }
        int start = pos + 1;
        int end = start;
        while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
            end++;
        }
        if (end == start) {
            word.append('$');
            pos++;
            return;
        }
        word.append(env.getOrDefault(line.substring(start, end), ""));
        pos = end;
        if (!inDoubleQuotes) {
            quoted = true;
        }
    }

    private char peek(int offset) {
        int at = pos + offset;
        return at < line.length() ? line.charAt(at) : '\0';
    }

    private void endWord() {
        if (inWord) {
            tokens.add(Token.word(word.toString(), glob));
        }
        word.setLength(0);
        inWord = false;
        glob = false;
        quoted = false;
    }
}
