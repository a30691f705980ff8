# Shared by Readiness.Help.Tests.ps1 (dot-sourced; not a test file itself). The expected side of every help
# comparison is computed here from Get-Command and a fresh cmdlet instance, independently of the help builder.

function Get-ReadinessHelpText {
    param($Value)
    # Help text arrives as strings, as para objects with Text, or as XML-ish objects with '#text'.
    @($Value | ForEach-Object {
            if ($null -eq $_) { return }
            if ($_ -is [string]) { return $_ }
            foreach ($name in 'Text', '#text') { if ($_.PSObject.Properties[$name]) { return [string]$_.$name } }
            [string]$_
        }) -join "`n" | ForEach-Object Trim
}

function Get-ReadinessHelpTypeName {
    param([type] $Type, [switch] $Full)
    if ($Type.IsArray) { return (Get-ReadinessHelpTypeName $Type.GetElementType() -Full:$Full) + '[]' }
    $inner = [Nullable]::GetUnderlyingType($Type)
    if ($inner) { return Get-ReadinessHelpTypeName $inner -Full:$Full }
    $name = $Full ? $Type.FullName : $Type.Name
    if (-not $Type.IsGenericType) { return $name }
    $stem = $name.Substring(0, $name.IndexOf('`'))
    "$stem[" + (@($Type.GetGenericArguments() | ForEach-Object { Get-ReadinessHelpTypeName $_ -Full:$Full }) -join ', ') + ']'
}

function Format-ReadinessHelpDefault {
    param($Value)
    if ($null -eq $Value) { return 'None' }
    if ($Value -is [switch]) { return $Value.IsPresent ? 'True' : 'False' }
    if ($Value -is [bool]) { return $Value ? 'True' : 'False' }
    if ($Value -is [string]) { return $Value.Length -eq 0 ? 'None' : $Value }
    if ($Value -is [System.Collections.IDictionary]) {
        if ($Value.Count -eq 0) { return 'None' }
        return @($Value.Keys | ForEach-Object { "$_=$(Format-ReadinessHelpDefault $Value[$_])" }) -join ', '
    }
    if ($Value -is [System.Collections.IEnumerable]) {
        $items = @(foreach ($item in $Value) { Format-ReadinessHelpDefault $item })
        return $items.Count -eq 0 ? 'None' : ($items -join ', ')
    }
    if ($Value -is [System.IFormattable]) { return $Value.ToString($null, [cultureinfo]::InvariantCulture) }
    $text = $Value.ToString()
    $text.Length -eq 0 ? 'None' : $text
}

function Format-ReadinessHelpPipeline {
    param([bool] $ByValue, [bool] $ByPropertyName)
    if ($ByValue -and $ByPropertyName) { return 'True (ByValue, ByPropertyName)' }
    if ($ByValue) { return 'True (ByValue)' }
    if ($ByPropertyName) { return 'True (ByPropertyName)' }
    'False'
}

function Get-ReadinessCommonParameterName {
    # -WhatIf and -Confirm are the cmdlet's own business (ShouldProcess), so help documents them.
    @([System.Management.Automation.Cmdlet]::CommonParameters) + @([System.Management.Automation.Cmdlet]::OptionalCommonParameters) |
        Where-Object { $_ -notin 'WhatIf', 'Confirm' }
}

function Get-ReadinessHelpParameter {
    param([Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command)
    $common = Get-ReadinessCommonParameterName
    $instance = [Activator]::CreateInstance($Command.ImplementingType)
    foreach ($p in $Command.Parameters.Values | Where-Object Name -NotIn $common) {
        $sets = @($p.ParameterSets.Values)
        $positions = @($sets | ForEach-Object { $_.Position -ge 0 ? [string]$_.Position : 'named' } | Select-Object -Unique)
        $element = $p.ParameterType
        while ($element.IsArray) { $element = $element.GetElementType() }
        $element = [Nullable]::GetUnderlyingType($element) ?? $element
        $validateSet = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
        $accepted = $validateSet ? @($validateSet.ValidValues) : ($element.IsEnum ? @([enum]::GetNames($element)) : @())
        $property = $Command.ImplementingType.GetProperty($p.Name)
        $isSwitch = $p.ParameterType -eq [switch]
        [pscustomobject]@{
            Name           = $p.Name
            FullType       = Get-ReadinessHelpTypeName $p.ParameterType -Full
            ShortType      = Get-ReadinessHelpTypeName $p.ParameterType
            IsSwitch       = $isSwitch
            Required       = (@($sets | Where-Object { -not $_.IsMandatory }).Count -eq 0) ? 'true' : 'false'
            Position       = $positions.Count -eq 1 ? $positions[0] : 'named'
            PipelineInput  = Format-ReadinessHelpPipeline (@($sets | Where-Object ValueFromPipeline).Count -gt 0) (@($sets | Where-Object ValueFromPipelineByPropertyName).Count -gt 0)
            Aliases        = $p.Aliases.Count -eq 0 ? 'none' : ($p.Aliases -join ', ')
            AcceptedValues = $accepted
            # A switch without a property of its own (-WhatIf, -Confirm) is off until given.
            DefaultValue   = ($null -eq $property -and $isSwitch) ? 'False' : (Format-ReadinessHelpDefault ($property ? $property.GetValue($instance) : $null))
        }
    }
}

function Get-ReadinessHelpSetParameter {
    param([Parameter(Mandatory)] [System.Management.Automation.CommandParameterSetInfo] $Set)
    $common = Get-ReadinessCommonParameterName
    foreach ($p in $Set.Parameters | Where-Object Name -NotIn $common) {
        [pscustomobject]@{
            Name          = $p.Name
            Required      = $p.IsMandatory ? 'true' : 'false'
            Position      = $p.Position -ge 0 ? [string]$p.Position : 'named'
            PipelineInput = Format-ReadinessHelpPipeline $p.ValueFromPipeline $p.ValueFromPipelineByPropertyName
        }
    }
}

function Get-ReadinessWorkTreeState {
    param([Parameter(Mandatory)] [string] $Root)
    # Untracked files count: an example that writes a report into the repository shows up as one.
    (& git -C $Root status --porcelain --untracked-files=all 2>&1) -join "`n"
}

function Invoke-ReadinessHelpExample {
    <#
    Runs one help example the way a reader would paste it: from the repository root, in a scope of its own, with
    the caller's $ErrorActionPreference (Stop in the suite, so an error the example writes fails it). Samples the
    example starts are stopped afterwards, also when it fails. Returns what the example printed, as text.
    #>
    param([Parameter(Mandatory)] [string] $Code, [Parameter(Mandatory)] [string] $Root)
    $block = [scriptblock]::Create($Code)
    Push-Location -LiteralPath $Root
    try {
        & $block *>&1 | Out-String -Width 200
    }
    finally {
        Pop-Location
        Stop-ReadinessSample -All -Confirm:$false
    }
}
