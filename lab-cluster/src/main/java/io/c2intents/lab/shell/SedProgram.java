package io.c2intents.lab.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of {@code sed} the lab needs: addresses ({@code /regex/}, a line number, {@code $}, negated with
 * {@code !}) and the commands {@code d}, {@code p} and {@code s/regex/replacement/[gpI]}, several separated by
 * {@code ;} or given with repeated {@code -e}. Anything else is refused with the reason rather than ignored.
 */
final class SedProgram {

    /** One address-command pair; a null pattern and line 0 with {@code last == false} selects every line. */
    record Instruction(Pattern addressPattern, int addressLine, boolean addressLast, boolean negate, char command,
            Pattern regex, String replacement, boolean global, boolean print) {

        boolean selects(String line, int number, boolean isLast) {
            boolean selected;
            if (addressPattern != null) {
                selected = addressPattern.matcher(line).find();
            } else if (addressLine > 0) {
                selected = number == addressLine;
            } else if (addressLast) {
                selected = isLast;
            } else {
                selected = true;
            }
            return selected != negate;
        }
    }

    private final String script;
    private final boolean extended;
    private int pos;

    private SedProgram(String script, boolean extended) {
        this.script = script;
        this.extended = extended;
    }

    static List<Instruction> parse(List<String> scripts, boolean extended) {
        List<Instruction> program = new ArrayList<>();
        for (String script : scripts) {
            new SedProgram(script, extended).parseInto(program);
        }
        return program;
    }

    static String apply(List<Instruction> program, String text, boolean quiet) {
        List<String> lines = Lines.split(text);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String space = lines.get(i);
            boolean deleted = false;
            for (Instruction instruction : program) {
                if (!instruction.selects(space, i + 1, i == lines.size() - 1)) {
                    continue;
                }
                if (instruction.command() == 'd') {
                    deleted = true;
                    break;
                }
                if (instruction.command() == 'p') {
                    out.append(space).append('\n');
                    continue;
                }
                Matcher matcher = instruction.regex().matcher(space);
                StringBuilder replaced = new StringBuilder();
                boolean any = false;
                while (matcher.find()) {
                    any = true;
                    matcher.appendReplacement(replaced, instruction.replacement());
                    if (!instruction.global()) {
                        break;
                    }
                }
                if (any) {
                    matcher.appendTail(replaced);
                    space = replaced.toString();
                    if (instruction.print()) {
                        out.append(space).append('\n');
                    }
                }
            }
            if (!deleted && !quiet) {
                out.append(space).append('\n');
            }
        }
        return out.toString();
    }

    private void parseInto(List<Instruction> program) {
        while (true) {
            skip(" \t\n;");
            if (pos >= script.length()) {
                return;
            }
            Pattern addressPattern = null;
            int addressLine = 0;
            boolean addressLast = false;
            char c = script.charAt(pos);
            if (Character.isDigit(c)) {
                int start = pos;
                while (pos < script.length() && Character.isDigit(script.charAt(pos))) {
                    pos++;
                }
                addressLine = Integer.parseInt(script.substring(start, pos));
            } else if (c == '$') {
                addressLast = true;
                pos++;
            } else if (c == '/' || c == '\\') {
                char delimiter = '/';
                if (c == '\\') {
                    pos++;
                    if (pos >= script.length()) {
                        throw new IllegalArgumentException("unterminated address regex");
                    }
                    delimiter = script.charAt(pos);
                }
                pos++;
                addressPattern = compile(until(delimiter));
            }
            skip(" \t");
            boolean negate = false;
            if (pos < script.length() && script.charAt(pos) == '!') {
                negate = true;
                pos++;
                skip(" \t");
            }
            if (pos >= script.length()) {
                throw new IllegalArgumentException("missing command");
            }
            char command = script.charAt(pos++);
            switch (command) {
                case 'd', 'p' -> program.add(new Instruction(addressPattern, addressLine, addressLast, negate, command,
                        null, null, false, false));
                case 's' -> {
                    if (pos >= script.length()) {
                        throw new IllegalArgumentException("unterminated `s' command");
                    }
                    char delimiter = script.charAt(pos++);
                    String regex = until(delimiter);
                    String replacement = until(delimiter);
                    boolean global = false;
                    boolean print = false;
                    boolean ignoreCase = false;
                    while (pos < script.length() && "gpIi".indexOf(script.charAt(pos)) >= 0) {
                        char flag = script.charAt(pos++);
                        global |= flag == 'g';
                        print |= flag == 'p';
                        ignoreCase |= flag == 'I' || flag == 'i';
                    }
                    Pattern pattern;
                    try {
                        pattern = BasicRegex.compile(regex, extended, ignoreCase);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(e.getMessage(), e);
                    }
                    program.add(new Instruction(addressPattern, addressLine, addressLast, negate, 's', pattern,
                            javaReplacement(replacement), global, print));
                }
                default -> throw new IllegalArgumentException("unsupported command " + command);
            }
            skip(" \t");
            if (pos < script.length() && ";\n}".indexOf(script.charAt(pos)) < 0) {
                throw new IllegalArgumentException("extra characters after command");
            }
        }
    }

    private Pattern compile(String regex) {
        return BasicRegex.compile(regex, extended, false);
    }

    /** Reads up to an unescaped {@code delimiter}; {@code \delimiter} stands for the delimiter itself. */
    private String until(char delimiter) {
        StringBuilder text = new StringBuilder();
        while (pos < script.length()) {
            char c = script.charAt(pos++);
            if (c == '\\' && pos < script.length()) {
                char next = script.charAt(pos++);
                if (next == delimiter) {
                    text.append(next);
                } else {
                    text.append('\\').append(next);
                }
                continue;
            }
            if (c == delimiter) {
                return text.toString();
            }
            text.append(c);
        }
        throw new IllegalArgumentException("unmatched '" + delimiter + "'");
    }

    private void skip(String characters) {
        while (pos < script.length() && characters.indexOf(script.charAt(pos)) >= 0) {
            pos++;
        }
    }

    /** sed's {@code &}, {@code \1} and {@code \n} in Matcher's replacement syntax; everything else literal. */
    private static String javaReplacement(String sed) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sed.length(); i++) {
            char c = sed.charAt(i);
            if (c == '&') {
                out.append("$0");
            } else if (c == '\\' && i + 1 < sed.length()) {
                char next = sed.charAt(++i);
                if (Character.isDigit(next)) {
                    out.append('$').append(next);
                } else if (next == 'n') {
                    out.append('\n');
                } else {
                    out.append(Matcher.quoteReplacement(String.valueOf(next)));
                }
            } else {
                out.append(Matcher.quoteReplacement(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
