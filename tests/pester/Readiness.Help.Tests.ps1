# Get-Help is what a user reads at the prompt; it must say what pwsh actually binds. Each assertion reads the help
# through Get-Help and the truth through Get-Command (and a fresh cmdlet instance for defaults), never through the
# MAML file or the generator, so a generator bug shows up here as a disagreement.

BeforeDiscovery {
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.HelpExamples.ps1"
    $cmdletNames = @(Get-Command -Module Readiness -CommandType Cmdlet | Sort-Object Name | ForEach-Object Name)
    $parameterCases = foreach ($name in $cmdletNames) {
        foreach ($parameter in Get-ReadinessHelpParameter -Command (Get-Command $name)) {
            @{ Cmdlet = $name; Parameter = $parameter.Name }
        }
    }
    $setCases = foreach ($name in $cmdletNames) {
        $command = Get-Command $name
        for ($i = 0; $i -lt $command.ParameterSets.Count; $i++) {
            @{ Cmdlet = $name; Index = $i; Set = $command.ParameterSets[$i].Name }
        }
    }
    $exampleCases = foreach ($name in $cmdletNames) {
        $number = 0
        foreach ($example in @((Get-Help $name -Full).examples.example)) {
            $number++
            if ($null -eq $example) { continue }
            @{ Cmdlet = $name; Number = $number; Title = ($example.title -replace '^-+\s*|\s*-+$', ''); Code = [string]$example.code }
        }
    }
}

BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.HelpExamples.ps1"
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
}

Describe 'Help of <_>' -ForEach $cmdletNames {
    BeforeAll {
        $name = $_
        $command = Get-Command $name
        $help = Get-Help $name -Full
    }

    It 'is read from the module''s MAML file, not made up from metadata' {
        # Without MAML, Get-Help still answers with a synopsis that is just the syntax; that would pass the rest.
        $help.ModuleName | Should -Be 'Readiness'
        (Get-ReadinessHelpText $help.details.description) | Should -Not -Match '^\s*\S+-\S+ \['
    }

    It 'has a synopsis and a description' {
        Get-ReadinessHelpText $help.details.description | Should -Not -BeNullOrEmpty
        Get-ReadinessHelpText $help.description | Should -Not -BeNullOrEmpty
    }

    It 'has an example with code and remarks' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterThan 0
        foreach ($example in $examples) {
            [string]$example.code | Should -Not -BeNullOrEmpty -Because "$($example.title) needs code"
            Get-ReadinessHelpText $example.remarks | Should -Not -BeNullOrEmpty -Because "$($example.title) needs remarks"
        }
    }

    It 'names every declared output type under OUTPUTS, with its properties' {
        $documented = @($help.returnValues.returnValue | ForEach-Object { $_.type.name })
        $declared = @($command.OutputType | ForEach-Object { Get-ReadinessHelpTypeName $_.Type -Full })
        $declared.Count | Should -BeGreaterThan 0
        foreach ($type in $declared) { $documented | Should -Contain $type }
        foreach ($value in @($help.returnValues.returnValue | Where-Object { $_.type.name -like 'Readiness.*' })) {
            $type = ($command.OutputType | Where-Object { (Get-ReadinessHelpTypeName $_.Type -Full) -eq $value.type.name }).Type
            $text = Get-ReadinessHelpText $value.description
            foreach ($property in $type.GetProperties()) { $text | Should -Match "\b$($property.Name) \(" }
        }
    }

    It 'links its online page first, so Get-Help -Online opens the docs page' {
        $first = @($help.relatedLinks.navigationLink)[0]
        $expected = "$((Get-Module Readiness).ProjectUri.ToString().TrimEnd('/'))/blob/main/docs/cmdlets/$name.md"
        $first.uri | Should -Be $expected
        [uri]::IsWellFormedUriString($first.uri, 'Absolute') | Should -BeTrue
        # The page the link names is the one in this repository.
        Test-Path -LiteralPath (Join-Path $repoRoot "docs/cmdlets/$name.md") | Should -BeTrue
        if ($command.HelpUri) { $command.HelpUri | Should -Be $expected }
    }

    It 'documents exactly the parameters the cmdlet has' {
        $documented = @($help.parameters.parameter | ForEach-Object name | Sort-Object)
        $actual = @(Get-ReadinessHelpParameter -Command $command | ForEach-Object Name | Sort-Object)
        $documented | Should -Be $actual
    }

    It 'has one syntax entry per parameter set' {
        @($help.syntax.syntaxItem).Count | Should -Be $command.ParameterSets.Count
    }
}

Describe 'Help of <Cmdlet> -<Parameter>' -ForEach $parameterCases {
    BeforeAll {
        $command = Get-Command $Cmdlet
        $truth = Get-ReadinessHelpParameter -Command $command | Where-Object Name -eq $Parameter
        $shown = Get-Help $Cmdlet -Parameter $Parameter
    }

    It 'has a description' {
        Get-ReadinessHelpText $shown.description | Should -Not -BeNullOrEmpty
    }

    It 'shows the parameter type' {
        $shown.type.name | Should -Be $truth.FullType
        if (-not $truth.IsSwitch -and $truth.AcceptedValues.Count -eq 0) { Get-ReadinessHelpText $shown.parameterValue | Should -Be $truth.ShortType }
    }

    It 'shows whether it is required, its position and pipeline input' {
        $shown.required | Should -Be $truth.Required
        $shown.position | Should -Be $truth.Position
        $shown.pipelineInput | Should -Be $truth.PipelineInput
    }

    It 'shows its aliases' {
        $shown.aliases | Should -Be $truth.Aliases
    }

    It 'shows the values it accepts' {
        $group = $shown.PSObject.Properties['parameterValueGroup']
        $values = $group ? @($group.Value.parameterValue | ForEach-Object { Get-ReadinessHelpText $_ }) : @()
        $values | Should -Be @($truth.AcceptedValues)
    }

    It 'shows the default a fresh cmdlet holds' {
        $shown.defaultValue | Should -Be $truth.DefaultValue
    }
}

Describe 'Syntax of <Cmdlet>, parameter set <Set>' -ForEach $setCases {
    It 'lists the set''s parameters as pwsh binds them in that set' {
        $set = (Get-Command $Cmdlet).ParameterSets[$Index]
        $item = @((Get-Help $Cmdlet -Full).syntax.syntaxItem)[$Index]
        $shown = @($item.parameter)
        $expected = @(Get-ReadinessHelpSetParameter -Set $set)
        @($shown | ForEach-Object name | Sort-Object) | Should -Be @($expected | ForEach-Object Name | Sort-Object)
        foreach ($p in $expected) {
            $s = $shown | Where-Object name -eq $p.Name
            $s.required | Should -Be $p.Required -Because "-$($p.Name) in set $Set"
            $s.position | Should -Be $p.Position -Because "-$($p.Name) in set $Set"
            $s.pipelineInput | Should -Be $p.PipelineInput -Because "-$($p.Name) in set $Set"
        }
    }
}

Describe 'Example <Number> of <Cmdlet>: <Title>' -ForEach $exampleCases {
    It 'runs from the repository root without an error and leaves the repository as it was' {
        $before = Get-ReadinessWorkTreeState -Root $repoRoot
        $output = Invoke-ReadinessHelpExample -Code $Code -Root $repoRoot
        $output | Should -Not -BeNullOrEmpty -Because 'an example shows something'
        Get-ReadinessWorkTreeState -Root $repoRoot | Should -Be $before -Because 'examples write to Temp:, never into the repository'
    }
}

Describe 'The help builder' {
    BeforeAll {
        $builder = @('Release', 'Debug') | ForEach-Object { Join-Path $repoRoot "build/Readiness.HelpBuilder/bin/$_/net10.0/Readiness.HelpBuilder.dll" } |
            Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
        $docs = Join-Path $TestDrive 'docs'
        Copy-Item -Recurse -LiteralPath (Join-Path $repoRoot 'docs') -Destination $docs
    }

    It 'is built' {
        $builder | Should -Not -BeNullOrEmpty
    }

    It 'writes help the module loads from intact docs' {
        $out = Join-Path $TestDrive 'intact'
        $log = & dotnet $builder --module (Join-Path $repoRoot 'out/Readiness') --docs $docs --output $out 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($log -join "`n")
        Test-Path -LiteralPath (Join-Path $out 'Readiness.PowerShell.dll-Help.xml') | Should -BeTrue
    }

    It 'fails loudly, naming the parameter, when docs lose a parameter''s description' {
        $page = Join-Path $docs 'cmdlets/Test-ReadinessHealth.md'
        $text = Get-Content -LiteralPath $page -Raw
        # Cut the -Uri subsection: from its heading to the next parameter heading.
        $cut = [regex]::Replace($text, '(?ms)^### -Uri\s*$.*?(?=^### )', '')
        $cut | Should -Not -Be $text
        Set-Content -LiteralPath $page -Value $cut -NoNewline
        $out = Join-Path $TestDrive 'broken'
        $log = (& dotnet $builder --module (Join-Path $repoRoot 'out/Readiness') --docs $docs --output $out 2>&1) -join "`n"
        $LASTEXITCODE | Should -Be 1
        $log | Should -Match 'Test-ReadinessHealth: -Uri has no description'
        Test-Path -LiteralPath (Join-Path $out 'Readiness.PowerShell.dll-Help.xml') | Should -BeFalse
    }
}
