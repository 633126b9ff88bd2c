/**
 * JQL syntax: the clause grammar (AND / OR / NOT, parentheses, operators, lists, functions) and ORDER BY. What a clause
 * means is decided in jql-query.ts against a site. Errors carry Jira's wording, since clients show or log them.
 */

export class JqlError extends Error {}

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export type Value =
  | { kind: 'literal'; text: string; position: number }
  | { kind: 'function'; name: string; args: string[]; position: number };

export type Operand = { kind: 'value'; value: Value } | { kind: 'list'; values: Value[] } | { kind: 'empty' };

/** The history operators: `status WAS "In Progress"`, `status CHANGED FROM "To Do" TO Done AFTER -2w`. */
export type HistoryOperator = 'was' | 'was not' | 'was in' | 'was not in' | 'changed';

export type HistoryPredicate =
  | { kind: 'after' | 'before' | 'on' | 'from' | 'to' | 'by'; value: Value }
  | { kind: 'during'; from: Value; to: Value };

export type Clause =
  | { kind: 'and' | 'or'; clauses: Clause[] }
  | { kind: 'not'; clause: Clause }
  | { kind: 'term'; field: string; operator: Operator; operand: Operand; position: number }
  | { kind: 'history'; field: string; operator: HistoryOperator; operand: Operand | null; predicates: HistoryPredicate[]; position: number };

export interface SortKey {
  field: string;
  direction: 'ASC' | 'DESC';
}

export interface JqlQuery {
  where: Clause | null;
  orderBy: SortKey[];
}

type TokenKind = 'word' | 'string' | 'operator' | '(' | ')' | ',' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  position: number;
}

const OPERATORS: readonly Operator[] = ['!=', '>=', '<=', '!~', '=', '>', '<', '~'];
const SPECIAL = new Set(['(', ')', ',', '"', "'", '=', '!', '<', '>', '~']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // Jira counts characters from 1 in its messages.
    const position = i + 1;
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, position });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      while (j < text.length && text.charAt(j) !== c) {
        if (text.charAt(j) === '\\' && j + 1 < text.length) j++;
        value += text.charAt(j);
        j++;
      }
      if (j >= text.length) throw new JqlError(`Error in the JQL Query: The quoted string '${value}' has not been completed. (line 1, character ${position})`);
      tokens.push({ kind: 'string', text: value, position });
      i = j + 1;
      continue;
    }
    const operator = OPERATORS.find((op) => text.startsWith(op, i));
    if (operator) {
      tokens.push({ kind: 'operator', text: operator, position });
      i += operator.length;
      continue;
    }
    let j = i;
    // `cf[10100]` is one word: its brackets belong to it.
    while (j < text.length && !/\s/.test(text.charAt(j)) && !SPECIAL.has(text.charAt(j))) j++;
    if (j === i) throw new JqlError(`Error in the JQL Query: The character '${c}' is a reserved JQL character. (line 1, character ${position})`);
    tokens.push({ kind: 'word', text: text.slice(i, j), position });
    i = j;
  }
  tokens.push({ kind: 'end', text: '', position: text.length + 1 });
  return tokens;
}

const RESERVED = new Set(['and', 'or', 'not', 'in', 'is', 'empty', 'null', 'order', 'by', 'asc', 'desc', 'was', 'changed']);

const HISTORY_PREDICATES = ['after', 'before', 'on', 'during', 'by', 'from', 'to'] as const;

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): JqlQuery {
    const where = this.atKeyword('order') || this.peek().kind === 'end' ? null : this.or();
    const orderBy = this.atKeyword('order') ? this.orderBy() : [];
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.unexpected(rest, where === null ? 'a field name' : "either 'OR' or 'AND'");
    return { where, orderBy };
  }

  private or(): Clause {
    const clauses = [this.and()];
    while (this.atKeyword('or')) {
      this.next();
      clauses.push(this.and());
    }
    return clauses.length === 1 && clauses[0] ? clauses[0] : { kind: 'or', clauses };
  }

  private and(): Clause {
    const clauses = [this.not()];
    while (this.atKeyword('and')) {
      this.next();
      clauses.push(this.not());
    }
    return clauses.length === 1 && clauses[0] ? clauses[0] : { kind: 'and', clauses };
  }

  private not(): Clause {
    if (this.atKeyword('not')) {
      this.next();
      return { kind: 'not', clause: this.not() };
    }
    if (this.peek().kind === '(') {
      this.next();
      const inner = this.or();
      this.expect(')', "')'");
      return inner;
    }
    return this.term();
  }

  private term(): Clause {
    const fieldToken = this.next();
    if ((fieldToken.kind !== 'word' && fieldToken.kind !== 'string') || (fieldToken.kind === 'word' && RESERVED.has(fieldToken.text.toLowerCase()))) {
      throw this.unexpected(fieldToken, 'a field name');
    }
    const position = fieldToken.position;
    if (this.atKeyword('was') || this.atKeyword('changed')) return this.history(fieldToken.text, position);
    const operator = this.operator();
    if (operator === 'is' || operator === 'is not') {
      const value = this.next();
      if (value.kind !== 'word' || !['empty', 'null'].includes(value.text.toLowerCase())) throw this.unexpected(value, "'EMPTY'");
      return { kind: 'term', field: fieldToken.text, operator, operand: { kind: 'empty' }, position };
    }
    if (operator === 'in' || operator === 'not in') return { kind: 'term', field: fieldToken.text, operator, operand: this.list(), position };
    if (this.atKeyword('empty') || this.atKeyword('null')) {
      this.next();
      return { kind: 'term', field: fieldToken.text, operator, operand: { kind: 'empty' }, position };
    }
    return { kind: 'term', field: fieldToken.text, operator, operand: { kind: 'value', value: this.value() }, position };
  }

  private history(field: string, position: number): Clause {
    let operator: HistoryOperator = 'changed';
    let operand: Operand | null = null;
    if (this.next().text.toLowerCase() === 'was') {
      const negated = this.atKeyword('not');
      if (negated) this.next();
      if (this.atKeyword('in')) {
        this.next();
        operator = negated ? 'was not in' : 'was in';
        operand = this.list();
      } else {
        operator = negated ? 'was not' : 'was';
        if (this.atKeyword('empty') || this.atKeyword('null')) {
          this.next();
          operand = { kind: 'empty' };
        } else {
          operand = { kind: 'value', value: this.value() };
        }
      }
    }
    const predicates: HistoryPredicate[] = [];
    for (;;) {
      const word = this.peek().kind === 'word' ? this.peek().text.toLowerCase() : '';
      const kind = HISTORY_PREDICATES.find((p) => p === word);
      if (!kind) break;
      this.next();
      if (kind === 'during') {
        this.expect('(', "'('");
        const from = this.value();
        this.expect(',', "','");
        const to = this.value();
        this.expect(')', "')'");
        predicates.push({ kind, from, to });
      } else {
        predicates.push({ kind, value: this.value() });
      }
    }
    return { kind: 'history', field, operator, operand, predicates, position };
  }

  private operator(): Operator {
    const token = this.next();
    const symbol = token.kind === 'operator' ? OPERATORS.find((op) => op === token.text) : undefined;
    if (symbol) return symbol;
    const word = token.kind === 'word' ? token.text.toLowerCase() : '';
    if (word === 'in') return 'in';
    if (word === 'is') {
      if (this.atKeyword('not')) {
        this.next();
        return 'is not';
      }
      return 'is';
    }
    if (word === 'not' && this.atKeyword('in')) {
      this.next();
      return 'not in';
    }
    throw this.unexpected(token, 'an operator');
  }

  private list(): Operand {
    if (this.peek().kind !== '(') {
      const value = this.value();
      if (value.kind !== 'function') throw this.unexpected(this.tokens[this.index - 1] ?? this.peek(), "'('");
      return { kind: 'value', value };
    }
    this.next();
    const values = [this.value()];
    while (this.peek().kind === ',') {
      this.next();
      values.push(this.value());
    }
    this.expect(')', "')'");
    return { kind: 'list', values };
  }

  private value(): Value {
    const token = this.next();
    if (token.kind === 'string') return { kind: 'literal', text: token.text, position: token.position };
    if (token.kind !== 'word' || RESERVED.has(token.text.toLowerCase())) throw this.unexpected(token, 'a value');
    if (this.peek().kind !== '(') return { kind: 'literal', text: token.text, position: token.position };
    this.next();
    const args: string[] = [];
    while (this.peek().kind !== ')') {
      const arg = this.next();
      if (arg.kind !== 'word' && arg.kind !== 'string') throw this.unexpected(arg, "')'");
      args.push(arg.text);
      if (this.peek().kind === ',') this.next();
    }
    this.next();
    return { kind: 'function', name: token.text, args, position: token.position };
  }

  private orderBy(): SortKey[] {
    this.next();
    if (!this.atKeyword('by')) throw this.unexpected(this.peek(), "'by'");
    this.next();
    const keys: SortKey[] = [];
    do {
      if (keys.length > 0) this.next();
      const field = this.next();
      if (field.kind !== 'word' && field.kind !== 'string') throw this.unexpected(field, 'a field name');
      let direction: SortKey['direction'] = 'ASC';
      if (this.atKeyword('asc') || this.atKeyword('desc')) direction = this.next().text.toUpperCase() === 'DESC' ? 'DESC' : 'ASC';
      keys.push({ field: field.text, direction });
    } while (this.peek().kind === ',');
    if (keys.length > 7) throw new JqlError('The ORDER BY clause may contain at most 7 fields.');
    return keys;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', text: '', position: 0 };
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length) this.index++;
    return token;
  }

  private atKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  private expect(kind: TokenKind, what: string): void {
    const token = this.next();
    if (token.kind !== kind) throw this.unexpected(token, what);
  }

  private unexpected(token: Token, expected: string): JqlError {
    const got = token.kind === 'end' ? 'the end of the query' : `'${token.text}'`;
    return new JqlError(`Error in the JQL Query: Expecting ${expected} but got ${got}. (line 1, character ${token.position})`);
  }
}

export function parseJql(text: string): JqlQuery {
  return new Parser(tokenize(text)).parse();
}
