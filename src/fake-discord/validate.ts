/**
 * The Discord limits the fake enforces on message bodies, command choices and command definitions,
 * answered the way Discord does: 400 with code 50035 ("Invalid Form Body") and nested `errors`.
 * Only the limits that shape Dossier's output are checked (see docs/DESIGN.md, "Discord rules").
 */

export interface FieldError {
  /** Dotted path as Discord nests it, e.g. `data.embeds.0.description`. */
  path: string;
  code: string;
  message: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const len = (v: unknown): number => (typeof v === 'string' ? [...v].length : 0);

function maxLength(errors: FieldError[], path: string, value: unknown, max: number): void {
  if (len(value) > max) {
    errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  }
}

function maxItems(errors: FieldError[], path: string, value: unknown, max: number): void {
  if (Array.isArray(value) && value.length > max) {
    errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  }
}

/** Limits of a message body (create, edit, interaction reply/update data). */
export function validateMessage(body: unknown, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObject(body)) return errors;
  const p = (s: string) => (prefix ? `${prefix}.${s}` : s);
  maxLength(errors, p('content'), body.content, 2000);
  const embeds = body.embeds;
  maxItems(errors, p('embeds'), embeds, 10);
  if (Array.isArray(embeds)) {
    let total = 0;
    embeds.forEach((embed: unknown, i) => {
      if (!isObject(embed)) return;
      const e = (s: string) => p(`embeds.${i}.${s}`);
      maxLength(errors, e('title'), embed.title, 256);
      maxLength(errors, e('description'), embed.description, 4096);
      total += len(embed.title) + len(embed.description);
      if (isObject(embed.footer)) {
        maxLength(errors, e('footer.text'), embed.footer.text, 2048);
        total += len(embed.footer.text);
      }
      if (isObject(embed.author)) {
        maxLength(errors, e('author.name'), embed.author.name, 256);
        total += len(embed.author.name);
      }
      maxItems(errors, e('fields'), embed.fields, 25);
      if (Array.isArray(embed.fields)) {
        embed.fields.forEach((field: unknown, j) => {
          if (!isObject(field)) return;
          maxLength(errors, e(`fields.${j}.name`), field.name, 256);
          maxLength(errors, e(`fields.${j}.value`), field.value, 1024);
          if (len(field.name) === 0 || len(field.value) === 0) {
            errors.push({
              path: e(`fields.${j}`),
              code: 'BASE_TYPE_REQUIRED',
              message: 'This field is required',
            });
          }
          total += len(field.name) + len(field.value);
        });
      }
    });
    if (total > 6000) {
      errors.push({
        path: p('embeds'),
        code: 'BASE_TYPE_MAX_LENGTH',
        message: 'Embed size exceeds maximum size of 6000',
      });
    }
  }
  const components = body.components;
  maxItems(errors, p('components'), components, 5);
  if (Array.isArray(components)) {
    components.forEach((row: unknown, i) => {
      if (!isObject(row) || row.type !== 1) return;
      maxItems(errors, p(`components.${i}.components`), row.components, 5);
      if (!Array.isArray(row.components)) return;
      row.components.forEach((c: unknown, j) => {
        if (!isObject(c)) return;
        const cp = (s: string) => p(`components.${i}.components.${j}.${s}`);
        maxLength(errors, cp('custom_id'), c.custom_id, 100);
        maxLength(errors, cp('label'), c.label, 80);
      });
    });
  }
  return errors;
}

/** A message needs content, an embed, a component, a sticker, a poll or a file. */
export function isEmptyMessage(body: unknown, fileCount: number): boolean {
  if (fileCount > 0) return false;
  if (!isObject(body)) return true;
  const nonEmpty = (v: unknown) => (Array.isArray(v) ? v.length > 0 : len(v) > 0);
  return !(
    nonEmpty(body.content) ||
    nonEmpty(body.embeds) ||
    nonEmpty(body.components) ||
    nonEmpty(body.sticker_ids) ||
    isObject(body.poll) ||
    nonEmpty(body.attachments)
  );
}

/** Autocomplete results: ≤ 25 choices, each name 1–100 chars, string values ≤ 100 chars. */
export function validateChoices(data: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObject(data)) return errors;
  maxItems(errors, 'data.choices', data.choices, 25);
  if (Array.isArray(data.choices)) {
    data.choices.forEach((c: unknown, i) => {
      if (!isObject(c)) return;
      maxLength(errors, `data.choices.${i}.name`, c.name, 100);
      if (len(c.name) === 0) {
        errors.push({
          path: `data.choices.${i}.name`,
          code: 'BASE_TYPE_REQUIRED',
          message: 'This field is required',
        });
      }
      maxLength(errors, `data.choices.${i}.value`, c.value, 100);
    });
  }
  return errors;
}

const COMMAND_NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Slash command definitions as bulk-overwritten (`PUT /applications/:id/commands`). */
export function validateCommands(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(body)) {
    return [{ path: '', code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }];
  }
  maxItems(errors, '', body, 100);
  body.forEach((cmd: unknown, i) => validateCommand(cmd, `${i}`, errors));
  return errors;
}

export function validateCommand(cmd: unknown, path: string, errors: FieldError[] = []): FieldError[] {
  if (!isObject(cmd)) return errors;
  const at = (s: string) => (path ? `${path}.${s}` : s);
  const chatInput = cmd.type === undefined || cmd.type === 1;
  const name = typeof cmd.name === 'string' ? cmd.name : '';
  if (chatInput && (!COMMAND_NAME.test(name) || name !== name.toLowerCase())) {
    errors.push({
      path: at('name'),
      code: 'APPLICATION_COMMAND_INVALID_NAME',
      message: 'Command name is invalid',
    });
  }
  if (chatInput) {
    if (len(cmd.description) < 1 || len(cmd.description) > 100) {
      errors.push({
        path: at('description'),
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
      });
    }
  }
  validateOptions(cmd.options, at('options'), errors);
  return errors;
}

function validateOptions(options: unknown, path: string, errors: FieldError[]): void {
  maxItems(errors, path, options, 25);
  if (!Array.isArray(options)) return;
  let sawOptional = false;
  options.forEach((opt: unknown, i) => {
    if (!isObject(opt)) return;
    const at = (s: string) => `${path}.${i}.${s}`;
    const name = typeof opt.name === 'string' ? opt.name : '';
    if (!COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
      errors.push({
        path: at('name'),
        code: 'APPLICATION_COMMAND_INVALID_NAME',
        message: 'Command name is invalid',
      });
    }
    if (len(opt.description) < 1 || len(opt.description) > 100) {
      errors.push({
        path: at('description'),
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
      });
    }
    maxItems(errors, at('choices'), opt.choices, 25);
    if (opt.autocomplete === true && Array.isArray(opt.choices) && opt.choices.length > 0) {
      errors.push({
        path: at('autocomplete'),
        code: 'AUTOCOMPLETE_AND_CHOICES_ERROR',
        message: 'Autocomplete cannot be set to true if choices are present',
      });
    }
    // Required options must come before optional ones.
    if (opt.type !== 1 && opt.type !== 2) {
      if (opt.required === true && sawOptional) {
        errors.push({
          path: at('required'),
          code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          message: 'Required options must be placed before non-required options',
        });
      }
      if (opt.required !== true) sawOptional = true;
    }
    validateOptions(opt.options, at('options'), errors);
  });
}

/** Discord's nested `errors` object for a 50035 response. */
export function formBodyError(fieldErrors: FieldError[]): { message: string; code: number; errors: Json } {
  const errors: Json = {};
  for (const fe of fieldErrors) {
    let node = errors;
    for (const key of fe.path.split('.').filter(Boolean)) {
      const child = node[key];
      node = isObject(child) ? child : (node[key] = {});
    }
    const list = Array.isArray(node._errors) ? (node._errors as unknown[]) : (node._errors = []);
    list.push({ code: fe.code, message: fe.message });
  }
  return { message: 'Invalid Form Body', code: 50035, errors };
}
