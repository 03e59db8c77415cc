// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.ast.Expr;
import io.ztsdb.core.promql.functions.GoRegex;
import io.ztsdb.core.promql.functions.RegexTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code label_replace} and {@code label_join}: new labels per series (values untouched), with Prometheus' checks
 * and error texts.
 */
final class LabelFunctions {
    private LabelFunctions() {
    }

    static SeriesStream replace(final Evaluator evaluator, final List<Expr> args, final StepGrid grid) {
        final String dst = evaluator.string(args.get(1));
        final String replacement = evaluator.string(args.get(2));
        final String src = evaluator.string(args.get(3));
        final String regex = evaluator.string(args.get(4));
        final Pattern pattern;
        try {
            pattern = GoRegex.compileAnchored(regex);
        } catch (final PatternSyntaxException ex) {
            throw EvalContext.executionError("invalid regular expression in label_replace(): " + regex);
        }
        if (!isLabelName(dst)) {
            throw EvalContext.executionError("invalid destination label name in label_replace(): " + dst);
        }
        final Map<LabelSet, LabelSet> cache = new HashMap<>();
        return new MappedStream(evaluator.vector(args.get(0), grid), labels -> cache.computeIfAbsent(labels, l -> {
            final Matcher m = pattern.matcher(l.get(src));
            if (!m.matches()) {
                return l;
            }
            return l.with(dst, RegexTemplate.expand(replacement, m));
        }), series -> {
        });
    }

    static SeriesStream join(final Evaluator evaluator, final List<Expr> args, final StepGrid grid) {
        final String dst = evaluator.string(args.get(1));
        final String separator = evaluator.string(args.get(2));
        final String[] sources = new String[args.size() - 3];
        for (int i = 3; i < args.size(); i++) {
            sources[i - 3] = evaluator.string(args.get(i));
            if (!isLabelName(sources[i - 3])) {
                throw EvalContext.executionError("invalid source label name in label_join(): " + sources[i - 3]);
            }
        }
        if (!isLabelName(dst)) {
            throw EvalContext.executionError("invalid destination label name in label_join(): " + dst);
        }
        return new MappedStream(evaluator.vector(args.get(0), grid), labels -> {
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < sources.length; i++) {
                if (i > 0) {
                    sb.append(separator);
                }
                sb.append(labels.get(sources[i]));
            }
            return labels.with(dst, sb.toString());
        }, series -> {
        });
    }

    /** Prometheus' label name syntax: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    static boolean isLabelName(final String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            final boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
