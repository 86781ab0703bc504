export declare function testOptions<T extends Record<string, unknown>>(
  packageName: string,
  options: T,
): T & { reporters: string[]; outputFile: { json: string } | undefined };
