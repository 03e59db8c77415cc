// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.functions;

import java.util.regex.Matcher;

/**
 * Expands {@code label_replace} replacements as Go's {@code Regexp.ExpandString}: {@code $1}, {@code ${1}},
 * {@code $name}, {@code ${name}}, {@code $$}; a name is the longest run of letters, digits and underscores, so
 * {@code $1x} names the group {@code 1x}; unknown groups expand to nothing; a {@code $} not followed by a name is
 * kept.
 */
public final class RegexTemplate {
    private RegexTemplate() {
    }

    /**
     * @param template the replacement.
     * @param match    a successful match.
     * @return the expansion.
     */
    public static String expand(final String template, final Matcher match) {
        final StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            final int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < template.length() && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            boolean brace = false;
            int nameStart = i;
            if (i < template.length() && template.charAt(i) == '{') {
                brace = true;
                nameStart = i + 1;
            }
            int nameEnd = nameStart;
            while (nameEnd < template.length()) {
                final int cp = template.codePointAt(nameEnd);
                if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
                    break;
                }
                nameEnd += Character.charCount(cp);
            }
            if (nameEnd == nameStart || (brace && (nameEnd >= template.length() || template.charAt(nameEnd) != '}'))) {
                out.append('$');
                continue;
            }
            appendGroup(out, template.substring(nameStart, nameEnd), match);
            i = brace ? nameEnd + 1 : nameEnd;
        }
        return out.toString();
    }

    private static void appendGroup(final StringBuilder out, final String name, final Matcher match) {
        int number = 0;
        for (int j = 0; j < name.length(); j++) {
            final char c = name.charAt(j);
            if (c < '0' || c > '9' || number >= 100_000_000) {
                number = -1;
                break;
            }
            number = number * 10 + (c - '0');
        }
        if (name.charAt(0) == '0' && name.length() > 1) {
            number = -1;
        }
        if (number >= 0) {
            if (number <= match.groupCount() && match.start(number) >= 0) {
                out.append(match.group(number));
            }
            return;
        }
        try {
            final String value = match.group(name);
            if (value != null) {
                out.append(value);
            }
        } catch (final IllegalArgumentException noSuchGroup) {
            // Go expands an unknown group name to nothing.
        }
    }
}
