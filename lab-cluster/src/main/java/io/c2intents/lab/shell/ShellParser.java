package io.c2intents.lab.shell;

import io.c2intents.lab.shell.ShellTokenizer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns tokens into the small grammar the lab's shell runs: a script is a list of and-or lists separated by
 * {@code ;}, {@code &} or newlines; an and-or list is pipelines joined by {@code &&} / {@code ||}; a pipeline is
 * simple commands joined by {@code |}, optionally negated with {@code !}; a simple command is words and redirections.
 */
public final class ShellParser {

    /** A redirection: {@code fd} is 0, 1 or 2; {@code op} one of {@code < > >> >&}; target a path or a fd number. */
    public record Redirect(int fd, String op, String target) {
    }

    /** One word of a command, before glob expansion. */
    public record Word(String text, boolean glob) {
    }

    /** A simple command. */
    public record Command(List<Word> words, List<Redirect> redirects) {
    }

    /** Commands joined by pipes. */
    public record Pipeline(List<Command> commands, boolean negated) {
    }

    /** Pipelines joined by {@code &&} and {@code ||}: {@code ops.get(i)} joins pipeline i and i+1. */
    public record AndOr(List<Pipeline> pipelines, List<String> ops) {
    }

    private ShellParser() {
    }

    /** Parses a tokenized command line. */
    public static List<AndOr> parse(List<Token> tokens) throws ShellSyntaxException {
        List<AndOr> script = new ArrayList<>();
        List<Pipeline> pipelines = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        boolean negated = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (!token.operator()) {
                if (words.isEmpty() && redirects.isEmpty() && commands.isEmpty() && token.text().equals("!")
                        && !token.glob()) {
                    negated = !negated;
                    continue;
                }
                words.add(new Word(token.text(), token.glob()));
                continue;
            }
            String op = token.text();
            switch (op) {
                case "|" -> {
                    commands.add(command(words, redirects, op));
                    words = new ArrayList<>();
                    redirects = new ArrayList<>();
                }
                case "&&", "||" -> {
                    commands.add(command(words, redirects, op));
                    pipelines.add(new Pipeline(commands, negated));
                    ops.add(op);
                    commands = new ArrayList<>();
                    words = new ArrayList<>();
                    redirects = new ArrayList<>();
                    negated = false;
                }
                case ";", "&" -> {
                    if (words.isEmpty() && redirects.isEmpty() && commands.isEmpty()) {
                        if (!ops.isEmpty()) {
                            throw new ShellSyntaxException("unexpected \"" + op + "\"");
                        }
                        continue;
                    }
                    commands.add(command(words, redirects, op));
                    pipelines.add(new Pipeline(commands, negated));
                    script.add(new AndOr(pipelines, ops));
                    pipelines = new ArrayList<>();
                    ops = new ArrayList<>();
                    commands = new ArrayList<>();
                    words = new ArrayList<>();
                    redirects = new ArrayList<>();
                    negated = false;
                }
                default -> {
                    if (op.contains(">&")) {
                        redirects.add(redirect(op, null));
                        continue;
                    }
                    if (i + 1 >= tokens.size() || tokens.get(i + 1).operator()) {
                        throw new ShellSyntaxException("unexpected " + (i + 1 >= tokens.size() ? "end of file"
                                : "\"" + tokens.get(i + 1).text() + "\"") + " after \"" + op + "\"");
                    }
                    redirects.add(redirect(op, tokens.get(++i).text()));
                }
            }
        }
        if (!words.isEmpty() || !redirects.isEmpty()) {
            commands.add(new Command(words, redirects));
            pipelines.add(new Pipeline(commands, negated));
            script.add(new AndOr(pipelines, ops));
        } else if (!commands.isEmpty() || !ops.isEmpty()) {
            throw new ShellSyntaxException("unexpected end of file");
        }
        return script;
    }

    private static Command command(List<Word> words, List<Redirect> redirects, String op) throws ShellSyntaxException {
        if (words.isEmpty() && redirects.isEmpty()) {
            throw new ShellSyntaxException("unexpected \"" + op + "\"");
        }
        return new Command(words, redirects);
    }

    private static Redirect redirect(String op, String target) {
        return switch (op) {
            case "<" -> new Redirect(0, "<", target);
            case ">" -> new Redirect(1, ">", target);
            case ">>" -> new Redirect(1, ">>", target);
            case "2>" -> new Redirect(2, ">", target);
            case "2>>" -> new Redirect(2, ">>", target);
            default -> {
                // "1>&2" or "2>&1": the target fd is part of the operator
                int fd = op.charAt(0) - '0';
                yield new Redirect(fd, ">&", String.valueOf(op.charAt(op.length() - 1)));
            }
        };
    }
}
